import AttendantDSP

/// What a simulated analog line does to audio between a caller and a port.
public struct LineModelSettings: Sendable, Equatable {
    /// Level loss each way, in dB (6 means the far end hears us 6 dB quieter).
    public var lossDB: Double
    /// Signal-to-noise ratio of the white noise added each way, in dB, taken against a
    /// −10 dBm0 signal after the loss. `nil` adds no noise.
    public var signalToNoiseDB: Double?
    /// Level of the hybrid echo of the port's own playback that returns into its
    /// capture, in dB (−15 means 15 dB below what was played). `nil` for no echo.
    public var echoDB: Double?
    /// How long after the audio reaches the line its echo returns.
    public var echoDelayMilliseconds: Int
    /// The companding on the board's codec; `nil` for a linear board.
    public var companding: CompandingLaw?
    /// Seed of the noise generators, so runs repeat exactly.
    public var seed: Int32

    public init(lossDB: Double = 6, signalToNoiseDB: Double? = 30, echoDB: Double? = -15,
                echoDelayMilliseconds: Int = 4, companding: CompandingLaw? = .muLaw, seed: Int32 = 1) {
        self.lossDB = lossDB
        self.signalToNoiseDB = signalToNoiseDB
        self.echoDB = echoDB
        self.echoDelayMilliseconds = echoDelayMilliseconds
        self.companding = companding
        self.seed = seed
    }

    /// A clean line: no loss, noise, echo or companding.
    public static let ideal = LineModelSettings(lossDB: 0, signalToNoiseDB: nil, echoDB: nil, companding: nil)

    static let referenceLevelDBm0 = -10.0
}

/// Both directions of one simulated line. All buffers are made at init, so running it
/// never allocates.
///
/// Towards the port: caller audio → loss → noise → + echo of the port's playback → codec.
/// Towards the caller: port playback → codec → loss → noise.
final class LineModel {
    private let settings: LineModelSettings
    private let lossFactor: Float
    private let echoFactor: Float
    private let noiseTowardsPort: NoiseGenerator?
    private let noiseTowardsCaller: NoiseGenerator?
    /// The port's playback as it reached the line, kept long enough to echo it back.
    private var echoHistory: [Int16]
    private var echoWriteIndex = 0
    private let echoDelaySamples: Int

    init(settings: LineModelSettings, lineIndex: Int) {
        self.settings = settings
        lossFactor = Float(Level.amplitudeFactor(decibels: -settings.lossDB))
        echoFactor = settings.echoDB.map { Float(Level.amplitudeFactor(decibels: $0)) } ?? 0
        if let snr = settings.signalToNoiseDB {
            let level = LineModelSettings.referenceLevelDBm0 - settings.lossDB - snr
            let seed = settings.seed &* 7919 &+ Int32(lineIndex) &* 2
            noiseTowardsPort = NoiseGenerator(seed: seed, levelDBm0: level)
            noiseTowardsCaller = NoiseGenerator(seed: seed &+ 1, levelDBm0: level)
        } else {
            noiseTowardsPort = nil
            noiseTowardsCaller = nil
        }
        echoDelaySamples = AudioFormat.samples(milliseconds: settings.echoDelayMilliseconds)
        // One frame of codec buffering plus the hybrid's own delay, rounded up to whole frames.
        let historyFrames = 2 + echoDelaySamples / AudioFormat.samplesPerFrame
        echoHistory = Array(repeating: 0, count: historyFrames * AudioFormat.samplesPerFrame)
    }

    /// Turns what the caller sent into what the port captures, in place.
    func towardsPort(_ audio: UnsafeMutableBufferPointer<Int16>) {
        if lossFactor != 1 { Level.scale(audio, by: lossFactor) }
        noiseTowardsPort?.add(to: audio)
        if echoFactor > 0 { addEcho(to: audio) }
        settings.companding?.compand(audio)
    }

    /// Turns what the port played into what the caller hears, in place, and keeps
    /// the port's audio for the echo path.
    func towardsCaller(_ audio: UnsafeMutableBufferPointer<Int16>) {
        settings.companding?.compand(audio)
        remember(audio)
        if lossFactor != 1 { Level.scale(audio, by: lossFactor) }
        noiseTowardsCaller?.add(to: audio)
    }

    /// Records a frame of silence on the echo path (the port played nothing).
    func rememberSilence() {
        let frame = AudioFormat.samplesPerFrame
        echoHistory.withUnsafeMutableBufferPointer { history in
            for offset in 0..<frame { history[(echoWriteIndex + offset) % history.count] = 0 }
        }
        echoWriteIndex = (echoWriteIndex + frame) % echoHistory.count
    }

    private func remember(_ audio: UnsafeMutableBufferPointer<Int16>) {
        echoHistory.withUnsafeMutableBufferPointer { history in
            for offset in 0..<audio.count {
                history[(echoWriteIndex + offset) % history.count] = audio[offset]
            }
        }
        echoWriteIndex = (echoWriteIndex + audio.count) % echoHistory.count
    }

    /// The port hears its previous frame's playback `echoDelay` later: the codec's one
    /// frame of buffering plus the hybrid.
    private func addEcho(to audio: UnsafeMutableBufferPointer<Int16>) {
        let frame = AudioFormat.samplesPerFrame
        echoHistory.withUnsafeBufferPointer { history in
            let count = history.count
            for offset in 0..<audio.count {
                let source = (echoWriteIndex - frame - echoDelaySamples + offset + 2 * count) % count
                let echo = Float(history[source]) * echoFactor
                audio[offset] = Int16(clamping: Int32(audio[offset]) + Int32(echo.rounded()))
            }
        }
    }
}
