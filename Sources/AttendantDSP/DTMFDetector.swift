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

    /// Turns on start/end reports of tones, for offline analysis (`attendant dtmf`).
    public func reportTones() { receiver.reportTones() }
    public func nextToneReport() -> (key: UInt8, sample: Int)? { receiver.nextToneReport() }
}

extension DTMFDetector {
    /// A key found in a recording.
    public struct Tone: Sendable, Equatable {
        public var key: Character
        /// When the detector confirmed the tone, a few ms after it began.
        public var startMilliseconds: Int
        public var durationMilliseconds: Int
    }

    /// Every key in a recording, with the engine's detector and settings. Audio goes in
    /// 1 ms chunks: spandsp works in its own blocks whatever the chunk, so only the
    /// time stamps get finer than the media loop's 20 ms.
    public static func tones(in samples: [Int16], settings: Settings = .attendantDefaults) -> [Tone] {
        let detector = DTMFDetector(settings: settings)
        detector.reportTones()
        var tones: [Tone] = []
        var open: (key: Character, start: Int)?
        func close(at sample: Int) {
            guard let current = open else { return }
            tones.append(Tone(key: current.key, startMilliseconds: current.start / 8,
                              durationMilliseconds: (sample - current.start) / 8))
            open = nil
        }
        let chunk = AudioFormat.samples(milliseconds: 1)
        samples.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let end = min(offset + chunk, buffer.count)
                detector.process(UnsafeBufferPointer(rebasing: buffer[offset ..< end]))
                while detector.nextDigit() != nil {}
                while let report = detector.nextToneReport() {
                    close(at: report.sample)
                    if report.key != 0 { open = (Character(Unicode.Scalar(report.key)), report.sample) }
                }
                offset = end
            }
        }
        close(at: samples.count)
        return tones
    }
}
