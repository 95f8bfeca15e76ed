import CSpanDSP

/// Thresholds for the DTMF receiver; `nil` keeps spandsp's own default.
public struct DTMFReceiverParameters: Sendable, Equatable {
    /// Largest accepted normal twist (low group louder), in dB.
    public var normalTwistDB: Int?
    /// Largest accepted reverse twist (high group louder), in dB.
    public var reverseTwistDB: Int?
    /// Weakest accepted tone level, in dBm0.
    public var thresholdDBm0: Int?
    /// Filter out dial tone before detection (useful on FXO lines that still hear it).
    public var filtersDialTone: Bool

    public init(normalTwistDB: Int? = nil, reverseTwistDB: Int? = nil,
                thresholdDBm0: Int? = nil, filtersDialTone: Bool = false) {
        self.normalTwistDB = normalTwistDB
        self.reverseTwistDB = reverseTwistDB
        self.thresholdDBm0 = thresholdDBm0
        self.filtersDialTone = filtersDialTone
    }

    /// spandsp's own defaults: the baseline every improvement is measured against.
    public static let spandspDefaults = DTMFReceiverParameters()
}

/// The one owner of a spandsp `dtmf_rx_state_t`.
///
/// Feed it received audio a frame at a time, then collect the digits it confirmed:
/// ```swift
/// let receiver = DTMFReceiver()
/// receiver.process(frame)
/// while let key = receiver.nextDigit() { handle(key) }
/// ```
/// Processing and collecting never allocate, so it is safe in the media loop.
public final class DTMFReceiver {
    private let state: OpaquePointer
    private let digitBuffer: UnsafeMutablePointer<CChar>
    private var pendingCount = 0
    private var pendingIndex = 0
    private static let digitBufferCapacity = 8
    public private(set) var parameters: DTMFReceiverParameters

    /// Start and end of tones as spandsp confirms them: (key or 0 for "tone ended", sample index).
    private let toneReports = UnsafeMutablePointer<(code: UInt8, sample: Int)>.allocate(capacity: 64)
    private var toneReportCount = 0
    private var toneReportsDropped = 0
    private var samplesProcessed = 0
    private var chunkEnd = 0

    public init(parameters: DTMFReceiverParameters = .spandspDefaults) {
        guard let state = dtmf_rx_init(nil, nil, nil) else {
            fatalError("dtmf_rx_init could not allocate its state")
        }
        self.state = state
        digitBuffer = .allocate(capacity: Self.digitBufferCapacity)
        self.parameters = parameters
        apply(parameters)
    }

    deinit {
        dtmf_rx_free(state)
        digitBuffer.deallocate()
        toneReports.deallocate()
    }

    /// Records when each tone starts and ends (for `attendant dtmf`), read with `nextToneReport()`.
    public func reportTones() {
        dtmf_rx_set_realtime_callback(state, { userData, code, _, _ in
            guard let userData else { return }
            Unmanaged<DTMFReceiver>.fromOpaque(userData).takeUnretainedValue().recordTone(code: code)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// The oldest unread tone report: the key (0 when a tone ended) and the sample count
    /// at the end of the chunk in which spandsp confirmed it.
    public func nextToneReport() -> (key: UInt8, sample: Int)? {
        guard toneReportCount > 0 else { return nil }
        let report = toneReports[0]
        toneReportCount -= 1
        (toneReports).update(from: toneReports + 1, count: toneReportCount)
        return (report.code, report.sample)
    }

    private func recordTone(code: Int32) {
        guard toneReportCount < 64 else {
            toneReportsDropped += 1
            return
        }
        toneReports[toneReportCount] = (UInt8(truncatingIfNeeded: code), chunkEnd)
        toneReportCount += 1
    }

    /// Forgets everything heard so far, for a new call, reusing the same memory.
    public func reset() {
        _ = dtmf_rx_init(state, nil, nil)
        pendingCount = 0
        pendingIndex = 0
        toneReportCount = 0
        samplesProcessed = 0
        apply(parameters)
    }

    public func apply(_ parameters: DTMFReceiverParameters) {
        self.parameters = parameters
        dtmf_rx_parms(state,
                      parameters.filtersDialTone ? 1 : 0,
                      Int32(parameters.normalTwistDB ?? -1),
                      Int32(parameters.reverseTwistDB ?? -1),
                      Int32(parameters.thresholdDBm0 ?? -99))
    }

    public func process(_ samples: UnsafeBufferPointer<Int16>) {
        guard let base = samples.baseAddress else { return }
        chunkEnd = samplesProcessed + samples.count
        _ = dtmf_rx(state, base, Int32(samples.count))
        samplesProcessed = chunkEnd
    }

    /// The next confirmed digit as its ASCII code (`0`-`9`, `*`, `#`, `A`-`D`), once per key press.
    public func nextDigit() -> UInt8? {
        if pendingIndex == pendingCount {
            pendingCount = dtmf_rx_get(state, digitBuffer, Int32(Self.digitBufferCapacity))
            pendingIndex = 0
            if pendingCount == 0 { return nil }
        }
        let digit = UInt8(bitPattern: digitBuffer[pendingIndex])
        pendingIndex += 1
        return digit
    }

    /// Whether a tone is being received right now (confirmed or probable).
    public var isHearingTone: Bool { dtmf_rx_status(state) != 0 }
}
