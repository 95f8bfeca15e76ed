/// The engine's DTMF detection path: spandsp's receiver with the thresholds the
/// benchmark chose. The media loop, `attendant dtmf` and `make dtmf-bench` all detect
/// through this one type, so what is measured is what answers calls.
///
/// Every key a caller presses, and nothing else, should come out of `nextDigit()`:
/// ```swift
/// let detector = DTMFDetector(settings: .attendantDefaults)
/// detector.process(heard, playing: whatWeArePlaying)
/// while let key = detector.nextDigit() { … }
/// ```
/// Never allocates after init: it runs in the media loop.
public final class DTMFDetector {
    public struct Settings: Sendable, Equatable {
        public var receiver: DTMFReceiverParameters

        public init(receiver: DTMFReceiverParameters) {
            self.receiver = receiver
        }

        /// spandsp as it comes: the baseline.
        public static let spandspDefaults = Settings(receiver: .spandspDefaults)
        /// What Attendant uses unless a board profile says otherwise. spandsp's own twist
        /// limits miss tones inside the Q.24 accept masks (8 dB normal, 4 dB reverse twist
        /// after a line's slope); `make dtmf-bench` measured 12 dB and 8 dB to accept all
        /// of them with no new false digits.
        public static let attendantDefaults = Settings(
            receiver: DTMFReceiverParameters(normalTwistDB: 12, reverseTwistDB: 8))
    }

    public let settings: Settings
    private let receiver: DTMFReceiver

    public init(settings: Settings = .attendantDefaults) {
        self.settings = settings
        receiver = DTMFReceiver(parameters: settings.receiver)
    }

    public func reset() { receiver.reset() }

    /// - Parameter heard: what the port captured.
    public func process(_ heard: UnsafeBufferPointer<Int16>) {
        receiver.process(heard)
    }

    public func nextDigit() -> UInt8? { receiver.nextDigit() }
}
