import AttendantDSP

/// The numbers the simulated exchange can put a call through to: the phones of the
/// people the appliance calls (a caller asking to be called back, an agent's mobile).
public final class Directory {
    private var phones: [String: OfficePhone] = [:]

    public init() {}

    /// `phone` answers calls to `number` from now on (replacing any phone it had).
    public func list(_ phone: OfficePhone, number: String) { phones[number] = phone }

    enum Route {
        case phone(OfficePhone)
        /// The phone's handset is up: it is in another call.
        case busy
        case unknown
    }

    func route(_ number: String) -> Route {
        guard let phone = phones[number] else { return .unknown }
        return phone.isOffHook ? .busy : .phone(phone)
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
        for tone in [ringback, busy, congestion] { tone.restart() }
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

    /// The number dialled, once the port has been quiet long enough after its last digit.
    func numberComplete(frame: Int64) -> String? {
        guard !digits.isEmpty, frame - lastDigitFrame >= Self.interDigitFrames else { return nil }
        return String(decoding: digits, as: UTF8.self)
    }

    func route(_ number: String) -> Directory.Route { directory.route(number) }
}
