import CSpanDSP

/// The caller-ID signalling standards spandsp speaks that Attendant offers.
public enum CallerIDStandard: String, Sendable, CaseIterable {
    /// Bellcore GR-30 CLASS: Bell 202 FSK between the first and second ring (North America).
    case bellcoreClass = "class"
    /// ETSI ETS 300 659-1 CLIP: V.23 FSK (much of Europe).
    case etsiClip = "clip"

    var spandspCode: Int32 {
        switch self {
        case .bellcoreClass: Int32(ADSI_STANDARD_CLASS)
        case .etsiClip: Int32(ADSI_STANDARD_CLIP)
        }
    }
}

/// The one owner of a spandsp `adsi_tx_state_t`: the exchange's side of caller ID,
/// used by the simulated line to send the calling number as FSK between rings.
public final class CallerIDTransmitter {
    private let state: OpaquePointer
    public let standard: CallerIDStandard
    private static let messageCapacity = 256
    private let message = UnsafeMutablePointer<UInt8>.allocate(capacity: messageCapacity)
    private let digits = UnsafeMutablePointer<UInt8>.allocate(capacity: messageCapacity / 4)
    private var messageLength: Int32 = 0

    public init(standard: CallerIDStandard = .bellcoreClass) {
        guard let state = adsi_tx_init(nil, standard.spandspCode) else {
            fatalError("adsi_tx_init could not allocate its state")
        }
        self.state = state
        self.standard = standard
    }

    deinit {
        adsi_tx_free(state)
        message.deallocate()
        digits.deallocate()
    }

    /// Builds a multiple-data-message caller ID with date/time (`MMDDHHMM`) and number,
    /// to be sent by `start()`. Building allocates; sending does not.
    public func prepare(number: String, dateTime: String = "01010900") {
        // Message type first; spandsp lays out the header for the standard.
        let messageType = UInt8(CLASS_MDMF_CALLERID)
        var length = adsi_add_field(state, message, -1, messageType, nil, 0)
        length = add(length, UInt8(MCLASS_DATETIME), dateTime)
        length = add(length, UInt8(MCLASS_CALLER_NUMBER), number)
        messageLength = length
    }

    /// Builds a multiple-data-message caller ID with the number only, `count` ASCII
    /// digits given one at a time, without allocating (the media thread rings office phones).
    public func prepare(count: Int, digit: (Int) -> UInt8) {
        let length = min(count, Self.messageCapacity / 4)
        for index in 0..<length { digits[index] = digit(index) }
        let header = adsi_add_field(state, message, -1, UInt8(CLASS_MDMF_CALLERID), nil, 0)
        messageLength = adsi_add_field(state, message, header, UInt8(MCLASS_CALLER_NUMBER), digits, Int32(length))
    }

    /// Builds a multiple-data-message "message waiting" with the visual indicator on or
    /// off (Bellcore GR-30 MDMF type 0x82, parameter 0x0B), sent to an idle phone whose
    /// box has new messages. Builds into the buffers made at init: no allocation.
    public func prepareMessageWaiting(_ waiting: Bool) {
        digits[0] = waiting ? 0xFF : 0x00
        let header = adsi_add_field(state, message, -1, UInt8(CLASS_MDMF_MSG_WAITING), nil, 0)
        messageLength = adsi_add_field(state, message, header, UInt8(MCLASS_VISUAL_INDICATOR), digits, 1)
    }

    /// Starts sending the prepared message. Returns false if there is none, or one is
    /// already going out.
    @discardableResult
    public func start() -> Bool {
        guard messageLength > 0 else { return false }
        return adsi_tx_put_message(state, message, messageLength) > 0
    }

    /// Fills `samples` with FSK; zero once the message has gone.
    /// - Returns: how many samples carried signal.
    @discardableResult
    public func generate(into samples: UnsafeMutableBufferPointer<Int16>) -> Int {
        guard let base = samples.baseAddress else { return 0 }
        let produced = Int(adsi_tx(state, base, Int32(samples.count)))
        if produced < samples.count {
            (base + produced).update(repeating: 0, count: samples.count - produced)
        }
        return produced
    }

    private func add(_ length: Int32, _ field: UInt8, _ text: String) -> Int32 {
        let body = Array(text.utf8.prefix(Self.messageCapacity / 4))
        return adsi_add_field(state, message, length, field, body, Int32(body.count))
    }
}
