import CSpanDSP

/// The one owner of a spandsp `dtmf_tx_state_t`: turns digits into tone audio.
///
/// ```swift
/// let generator = DTMFGenerator(toneMilliseconds: 60, gapMilliseconds: 60)
/// generator.enqueue("12#")
/// generator.generate(into: frame)   // silence once the digits are sent
/// ```
public final class DTMFGenerator {
    private let state: OpaquePointer
    /// One digit and its terminating NUL, for `enqueue(digit:)`: a buffer of our own
    /// rather than a tuple, whose generic pointer access made runtime metadata (an
    /// allocation) on whichever thread queued a digit first.
    private let digitText = UnsafeMutablePointer<CChar>.allocate(capacity: 2)

    /// - Parameters:
    ///   - levelDBm0: level of the low-group tone.
    ///   - twistDB: how much weaker the low group is than the high group.
    public init(toneMilliseconds: Int = 80, gapMilliseconds: Int = 80,
                levelDBm0: Int = -10, twistDB: Int = 0) {
        guard let state = dtmf_tx_init(nil) else {
            fatalError("dtmf_tx_init could not allocate its state")
        }
        self.state = state
        setTiming(toneMilliseconds: toneMilliseconds, gapMilliseconds: gapMilliseconds)
        dtmf_tx_set_level(state, Int32(levelDBm0), Int32(twistDB))
    }

    deinit {
        dtmf_tx_free(state)
        digitText.deallocate()
    }

    /// Applies to digits enqueued from now on; digits already queued keep theirs.
    public func setTiming(toneMilliseconds: Int, gapMilliseconds: Int) {
        dtmf_tx_set_timing(state, Int32(toneMilliseconds), Int32(gapMilliseconds))
    }

    /// Queues digits; returns how many fit (spandsp's queue holds 128).
    @discardableResult
    public func enqueue(_ digits: String) -> Int {
        Int(dtmf_tx_put(state, digits, -1))
    }

    /// Queues a NUL-terminated digit string without creating a Swift `String`
    /// (for the media thread).
    @discardableResult
    public func enqueue(cString digits: UnsafePointer<CChar>) -> Int {
        Int(dtmf_tx_put(state, digits, -1))
    }

    /// Queues one digit (ASCII) without creating a string; false when the queue is full.
    @discardableResult
    public func enqueue(digit: UInt8) -> Bool {
        digitText[0] = CChar(bitPattern: digit)
        digitText[1] = 0
        return dtmf_tx_put(state, digitText, 1) == 1
    }

    /// Fills `samples` with tone audio, zero where nothing is left to send.
    /// - Returns: how many samples carried generated signal (tone or inter-digit gap).
    @discardableResult
    public func generate(into samples: UnsafeMutableBufferPointer<Int16>) -> Int {
        guard let base = samples.baseAddress else { return 0 }
        let produced = Int(dtmf_tx(state, base, Int32(samples.count)))
        if produced < samples.count {
            (base + produced).update(repeating: 0, count: samples.count - produced)
        }
        return produced
    }
}
