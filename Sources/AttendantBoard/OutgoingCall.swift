import AttendantDSP

/// The numbers the simulated exchange can put a call through to: the phones of the
/// people the appliance calls (a caller asking to be called back, an agent's mobile).
public final class Directory {
    /// A chain of listings rather than an array of tuples: walking it on the media
    /// thread uses no generic collection, whose runtime metadata (made on first use)
    /// would be an allocation there.
    private final class Listing {
        /// ASCII digits, so that routing compares bytes.
        let number: [UInt8]
        let phone: OfficePhone
        let next: Listing?

        init(number: [UInt8], phone: OfficePhone, next: Listing?) {
            self.number = number
            self.phone = phone
            self.next = next
        }
    }

    private var first: Listing?

    public init() {}

    /// `phone` answers calls to `number` from now on (replacing any phone it had).
    public func list(_ phone: OfficePhone, number: String) {
        first = Listing(number: Array(number.utf8), phone: phone, next: first)
    }

    enum Route {
        case phone(OfficePhone)
        /// The phone's handset is up: it is in another call.
        case busy
        case unknown
    }

    /// The newest listing of `number` wins.
    func route(_ number: [UInt8]) -> Route {
        var listing = first
        while let candidate = listing {
            if candidate.number == number {
                return candidate.phone.isOffHook ? .busy : .phone(candidate.phone)
            }
            listing = candidate.next
        }
        return .unknown
    }
}

/// The exchange's side of a call an FXO port makes: dial tone once the line is
/// seized, DTMF digits heard from the port until it stops dialling, then ringback,
/// busy or congestion. Every tone generator and the digit receiver are made once per
/// line, so placing calls does not allocate on the media thread (but for the number).
final class OutgoingCall {
    /// How long after the last digit the exchange takes the number as complete.
    static let interDigitFrames: Int64 = 150  // 3 s
    static let capacity = 32

    private let directory: Directory
    private let dialTone: ToneGenerator
    private let ringback: ToneGenerator
    private let busy: ToneGenerator
    private let congestion: ToneGenerator
    private let receiver = DTMFReceiver()
    private var digits: [UInt8]
    private var lastDigitFrame: Int64 = 0

    init(tones: TonePlan, directory: Directory) {
        self.directory = directory
        dialTone = ToneGenerator(tones.dialTone, levelDBm0: -13)
        ringback = ToneGenerator(tones.ringback, levelDBm0: -16)
        busy = ToneGenerator(tones.busy, levelDBm0: -13)
        congestion = ToneGenerator(tones.congestion, levelDBm0: -13)
        digits = []
        digits.reserveCapacity(Self.capacity)
    }

    func seize(frame: Int64) {
        digits.removeAll(keepingCapacity: true)
        receiver.reset()
        lastDigitFrame = frame
        ringback.restart()
        busy.restart()
        congestion.restart()
    }

    /// What the port hears while the call is not connected.
    func tone(for state: SimulatedLine.State, into audio: UnsafeMutableBufferPointer<Int16>) {
        switch state {
        case .dialling where digits.isEmpty: dialTone.generate(into: audio)
        case .ringingOut: ringback.generate(into: audio)
        case .calledBusy: busy.generate(into: audio)
        case .unobtainable: congestion.generate(into: audio)
        default: audio.update(repeating: 0)
        }
    }

    /// What the port sent this frame, while dialling.
    func listen(to audio: UnsafeBufferPointer<Int16>, frame: Int64) {
        receiver.process(audio)
        while let digit = receiver.nextDigit() {
            if digits.count < Self.capacity { digits.append(digit) }
            lastDigitFrame = frame
        }
        if receiver.isHearingTone { lastDigitFrame = frame }
    }

    /// Whether the port has been quiet long enough after its last digit.
    func isNumberComplete(frame: Int64) -> Bool {
        !digits.isEmpty && frame - lastDigitFrame >= Self.interDigitFrames
    }

    /// Where the number dialled leads.
    func route() -> Directory.Route { directory.route(digits) }
}
