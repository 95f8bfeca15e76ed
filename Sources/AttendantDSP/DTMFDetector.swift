/// The engine's DTMF detection path. The media loop, `attendant dtmf` and
/// `make dtmf-bench` all detect through this one type, so what is measured is what
/// answers calls.
///
/// Two engines sit behind it: spandsp's `dtmf_rx` (the baseline, and what a board
/// profile may still choose), and Attendant's own block analyser, which measures each
/// tone's frequency and so meets the ITU-T Q.24 accept and reject masks that spandsp's
/// fixed energy tests miss (see `make dtmf-bench`).
/// ```swift
/// let detector = DTMFDetector(settings: .attendantDefaults)
/// detector.process(heard)
/// while let key = detector.nextDigit() { … }
/// ```
/// Never allocates after init: it runs in the media loop.
public final class DTMFDetector {
    public enum Settings: Sendable, Equatable {
        /// spandsp's receiver with these parameters.
        case spandsp(DTMFReceiverParameters)
        /// Attendant's frequency-measuring analyser.
        case attendant(AttendantDTMFParameters)

        /// spandsp as it comes: the baseline.
        public static let spandspDefaults = Settings.spandsp(.spandspDefaults)
        /// What Attendant uses unless a board profile says otherwise.
        public static let attendantDefaults = Settings.attendant(AttendantDTMFParameters())
    }

    public let settings: Settings
    private let receiver: DTMFReceiver?
    private let analyser: DTMFBlockAnalyser?
    private var lastVerdict: UInt8 = 0
    private var candidate: UInt8 = 0
    private var currentKey: UInt8 = 0
    private var pendingKey: UInt8 = 0
    private var reportsTones = false
    private var samplesProcessed = 0
    private var toneReports: (UInt8, Int, UInt8, Int) = (0, -1, 0, -1)
    private var toneReportCount = 0

    public init(settings: Settings = .attendantDefaults) {
        self.settings = settings
        switch settings {
        case .spandsp(let parameters):
            receiver = DTMFReceiver(parameters: parameters)
            analyser = nil
        case .attendant(let parameters):
            receiver = nil
            analyser = DTMFBlockAnalyser(limits: parameters.limits)
        }
    }

    public func reset() {
        receiver?.reset()
        analyser?.reset()
        lastVerdict = 0
        candidate = 0
        currentKey = 0
        pendingKey = 0
        samplesProcessed = 0
        toneReportCount = 0
    }

    /// - Parameters:
    ///   - heard: what the port captured.
    ///   - played: what the port played to the line up to then, as long as `heard`; its
    ///     echo may mask a key pressed over a prompt (spandsp's receiver ignores it).
    public func process(_ heard: UnsafeBufferPointer<Int16>, played: UnsafeBufferPointer<Int16>? = nil) {
        if let receiver {
            receiver.process(heard)
            return
        }
        let start = samplesProcessed
        analyser?.process(heard, played: played) { finding, end in
            switch finding {
            case .block(let verdict): decide(verdict, atSample: start + end)
            case .continuation(let sounds): confirm(sounds, atSample: start + end)
            }
        }
        samplesProcessed += heard.count
    }

    /// A key becomes a candidate when two blocks in a row hold it and starts once the half
    /// block after them still does: more than 25.5 ms of tone, which a 23 ms tone never
    /// gives and a 40 ms tone always does. It ends after two blocks without it.
    private func decide(_ verdict: UInt8, atSample sample: Int) {
        candidate = 0
        if verdict != 0 && verdict == lastVerdict && verdict != currentKey {
            candidate = verdict
        } else if currentKey != 0 && verdict != currentKey && lastVerdict != currentKey {
            currentKey = 0
            report(0, at: sample)
        }
        lastVerdict = verdict
    }

    private func confirm(_ stillSounds: Bool, atSample sample: Int) {
        guard candidate != 0 else { return }
        defer { candidate = 0 }
        guard stillSounds else { return }
        if currentKey != 0 { report(0, at: sample) }
        currentKey = candidate
        pendingKey = candidate
        report(candidate, at: sample)
    }

    /// The next confirmed key as its ASCII code, once per key press.
    public func nextDigit() -> UInt8? {
        if let receiver { return receiver.nextDigit() }
        guard pendingKey != 0 else { return nil }
        defer { pendingKey = 0 }
        return pendingKey
    }

    /// Turns on start/end reports of tones, for offline analysis (`attendant dtmf`).
    public func reportTones() {
        receiver?.reportTones()
        reportsTones = true
    }

    /// The oldest unread report: the key (0 when a tone ended) and the sample count at
    /// which it was confirmed.
    public func nextToneReport() -> (key: UInt8, sample: Int)? {
        if let receiver { return receiver.nextToneReport() }
        guard toneReportCount > 0 else { return nil }
        let first = (toneReports.0, toneReports.1)
        toneReports = (toneReports.2, toneReports.3, 0, -1)
        toneReportCount -= 1
        return first
    }

    private func report(_ key: UInt8, at sample: Int) {
        guard reportsTones else { return }
        // Read after every chunk, so two slots are plenty: a start and an end at most.
        if toneReportCount == 0 {
            toneReports.0 = key; toneReports.1 = sample
        } else {
            toneReports.2 = key; toneReports.3 = sample
        }
        toneReportCount = min(toneReportCount + 1, 2)
    }
}

/// Limits of Attendant's DTMF analyser, in the terms of ITU-T Q.24.
public struct AttendantDTMFParameters: Sendable, Equatable {
    /// Weakest tone accepted, per frequency.
    public var minimumLevelDBm0: Float = -42
    /// Low group louder than high (normal) and the reverse, in dB.
    public var normalTwistDB: Float = 12
    public var reverseTwistDB: Float = 6
    /// How far above the other tones of its group the chosen tone must be: the stronger
    /// of the two, and the weaker, whose margin over the noise twist has already eaten
    /// (at 8 dB, a 40 ms key 1.5 % off with 8 dB twist at 15 dB SNR was missed once in 64;
    /// at 6 dB none is, and talk-off stays at zero: `make dtmf-bench`).
    public var relativePeakDB: Float = 8
    public var weakerRelativePeakDB: Float = 6
    /// Share of the energy the two tones must hold (speech spreads its energy wider).
    public var minimumShare: Float = 0.7
    /// Frequency deviation accepted: Q.24 accepts ±1.5 % and rejects ±3.5 %.
    public var maximumDeviationPercent: Float = 2.5
    /// Energy ratio allowed between the (windowed) halves of a block for the stronger
    /// tone; the weaker gets twice as much. Tone length is judged apart, by requiring the
    /// key in the half block after two blocks that hold it.
    public var maximumHalfImbalance: Float = 2
    /// The strongest echo of our own playback a line may return (hybrid echo return
    /// loss, worst case), and how far back in our playback it may come from: ALSA
    /// buffering, codec and hybrid together.
    public var echoReturnLossDB: Float = 6
    public var echoWindowMilliseconds = 100
    /// A tone whose power echo of our playback could account for this much of is taken
    /// for echo when the key needs the echo set aside to pass.
    public var echoExplainsShare: Float = 0.25

    public init() {}

    var limits: DTMFBlockAnalyser.Limits {
        // spandsp's scale: a sine's power is its energy in a 102-sample block.
        let amplitude = 32767 * powf(10, (minimumLevelDBm0 - 3.14) / 20)
        return DTMFBlockAnalyser.Limits(
            minimumToneEnergy: amplitude * amplitude * Float(DTMFBlockAnalyser.blockSamples) / 2,
            normalTwist: powf(10, normalTwistDB / 10), reverseTwist: powf(10, reverseTwistDB / 10),
            relativePeak: powf(10, relativePeakDB / 10), weakerRelativePeak: powf(10, weakerRelativePeakDB / 10),
            minimumShare: minimumShare,
            maximumDeviation: maximumDeviationPercent / 100, maximumHalfImbalance: maximumHalfImbalance,
            echoGain: powf(10, -echoReturnLossDB / 10),
            echoBlocks: (echoWindowMilliseconds * 8 + DTMFBlockAnalyser.blockSamples - 1) / DTMFBlockAnalyser.blockSamples + 1,
            echoExplains: echoExplainsShare)
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension DTMFDetector {
    /// A key found in a recording.
    public struct Tone: Sendable, Equatable {
        public var key: Character
        /// When the detector confirmed the tone, a little after it began.
        public var startMilliseconds: Int
        public var durationMilliseconds: Int
    }

    /// Every key in a recording, with the engine's detector and settings. Audio goes in
    /// 1 ms chunks: both engines work in their own blocks whatever the chunk, so only
    /// the time stamps get finer than the media loop's 20 ms.
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
