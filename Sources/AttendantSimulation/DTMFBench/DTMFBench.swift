import AttendantDSP
import AttendantPrompts
import Foundation

/// DTMF detection measured the way ITU-T Q.24 states it, for the engine's detector and
/// for raw spandsp with its defaults, on the same audio in the same run.
public struct DTMFBench {
    public enum Kind: String, Sendable {
        /// Inside the accept masks: every key must be detected, once.
        case accept
        /// Outside the reject masks: nothing may be detected.
        case reject
        /// Speech or music from the caller: every detection is false.
        case talkOff = "talk-off"
        /// Our own playback returning through the hybrid.
        case echo
    }

    public struct Outcome: Sendable {
        public var expected: Int
        public var detected: Int
        /// Detections beyond the expected keys (or all of them, where none are expected).
        public var falseDigits: Int
    }

    public struct Row: Sendable {
        public var kind: Kind
        public var name: String
        /// Audio duration the row ran over, in seconds.
        public var seconds: Double
        public var ours: Outcome
        public var raw: Outcome
    }

    /// What one row feeds to a detector: what the port hears, what it played meanwhile
    /// (where its echo is part of what it hears), and which keys were sent.
    public struct Case {
        public var kind: Kind
        public var name: String
        public var heard: [Int16]
        public var played: [Int16]? = nil
        public var keys: [Character]
    }

    public let ours: DTMFDetector.Settings
    public init(ours: DTMFDetector.Settings = .attendantDefaults) { self.ours = ours }

    public func run(_ cases: [Case]) -> [Row] {
        cases.map { item in
            Row(kind: item.kind, name: item.name, seconds: Double(item.heard.count) / Double(AudioFormat.sampleRate),
                ours: Self.measure(item, with: DTMFDetector(settings: ours)),
                raw: Self.measure(item, with: DTMFDetector(settings: .spandspDefaults)))
        }
    }

    static func measure(_ item: Case, with detector: DTMFDetector) -> Outcome {
        let detected = detect(item.heard, played: item.played, with: detector)
        let matched = commonSubsequenceLength(detected, item.keys)
        return Outcome(expected: item.keys.count, detected: matched, falseDigits: detected.count - matched)
    }

    /// Runs a detector frame by frame, as the media loop does, telling it what was
    /// played during each frame as the engine does.
    public static func detect(_ heard: [Int16], played: [Int16]? = nil, with detector: DTMFDetector) -> [Character] {
        var digits: [Character] = []
        let size = AudioFormat.samplesPerFrame
        let reference = played ?? []
        heard.withUnsafeBufferPointer { heard in
            reference.withUnsafeBufferPointer { reference in
            var offset = 0
            while offset + size <= heard.count {
                let frame = offset + size <= reference.count ? UnsafeBufferPointer(rebasing: reference[offset ..< offset + size]) : nil
                detector.process(UnsafeBufferPointer(rebasing: heard[offset ..< offset + size]), played: frame)
                while let digit = detector.nextDigit() { digits.append(Character(Unicode.Scalar(digit))) }
                offset += size
            }
            }
        }
        return digits
    }

    static func commonSubsequenceLength(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var current = [Int](repeating: 0, count: b.count + 1)
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            previous = current
        }
        return previous[b.count]
    }
}
