import CSpanDSP

/// The one owner of a spandsp `adsi_rx_state_t`: hears FSK caller ID on a ringing
/// line. Feed it the line's audio between rings; once a message with a number has
/// arrived, `number` holds it. Never allocates after init, so it runs in the media loop.
public final class CallerIDReceiver {
    public static let maximumDigits = 24
    private let state: OpaquePointer
    private let digits: UnsafeMutablePointer<UInt8>
    private var digitCount = 0
    public let standard: CallerIDStandard
    /// Messages received whose structure was corrupt.
    public private(set) var corruptMessages = 0

    public init(standard: CallerIDStandard = .bellcoreClass) {
        self.standard = standard
        digits = .allocate(capacity: Self.maximumDigits)
        // The state's callback needs `self`, which exists only after every stored
        // property is set: start with no callback, then re-initialise with one.
        guard let state = adsi_rx_init(nil, standard.spandspCode, nil, nil) else {
            fatalError("adsi_rx_init could not allocate its state")
        }
        self.state = state
        reset()
    }

    deinit {
        adsi_rx_free(state)
        digits.deallocate()
    }

    /// Forgets the last number and listens afresh, reusing the same memory.
    public func reset() {
        digitCount = 0
        _ = adsi_rx_init(state, standard.spandspCode, { userData, message, length in
            guard let userData, let message else { return }
            Unmanaged<CallerIDReceiver>.fromOpaque(userData).takeUnretainedValue()
                .received(message, length: Int(length))
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    public func process(_ samples: UnsafeBufferPointer<Int16>) {
        guard let base = samples.baseAddress else { return }
        _ = adsi_rx(state, base, Int32(samples.count))
    }

    /// A visual message-waiting indicator received (MDMF message waiting): on or off; nil until one comes.
    public private(set) var messageWaiting: Bool?

    /// How many digits of the calling number have been received (0 until a message arrives).
    public var numberLength: Int { digitCount }

    /// The ASCII code of digit `index` of the calling number.
    public func numberDigit(at index: Int) -> UInt8 { digits[index] }

    /// The calling number as text (not for the media loop).
    public var number: String? {
        digitCount == 0 ? nil : String(decoding: UnsafeBufferPointer(start: digits, count: digitCount), as: UTF8.self)
    }

    private func received(_ message: UnsafePointer<UInt8>, length: Int) {
        var position: Int32 = -1
        var fieldType: UInt8 = 0
        var body: UnsafePointer<UInt8>?
        var bodyLength: Int32 = 0
        while true {
            position = adsi_next_field(state, message, Int32(length), position, &fieldType, &body, &bodyLength)
            if bodyLength == -2 { corruptMessages += 1 }
            guard bodyLength >= 0, position > 0 else { return }
            if position > 0, bodyLength == 0, fieldType == UInt8(CLASS_MDMF_MSG_WAITING) {
                continue  // the message type: its parameters follow
            }
            if fieldType == UInt8(MCLASS_VISUAL_INDICATOR), bodyLength == 1, let body {
                messageWaiting = body[0] != 0
                continue
            }
            if fieldType == UInt8(MCLASS_CALLER_NUMBER) || fieldType == UInt8(CLIP_CALLER_NUMBER),
               let body {
                digitCount = min(Int(bodyLength), Self.maximumDigits)
                digits.update(from: body, count: digitCount)
            }
        }
    }
}
