import CSpanDSP

/// The tones an exchange plays on a line, by region.
public enum TonePlan: String, Sendable, CaseIterable {
    /// North America: busy and reorder 480 + 620 Hz, dial tone 350 + 440 Hz.
    case northAmerica = "us"
    /// CEPT / ETSI Europe: 425 Hz.
    case europe = "eu"
    /// Russia: 425 Hz with its own cadences.
    case russia = "ru"

    /// One cadenced tone: frequencies (0 for none) and on/off times in ms.
    public struct Cadence: Sendable, Equatable {
        public var low: Int
        public var high: Int
        public var onMilliseconds: Int
        public var offMilliseconds: Int
    }

    public var busy: Cadence {
        switch self {
        case .northAmerica: Cadence(low: 480, high: 620, onMilliseconds: 500, offMilliseconds: 500)
        case .europe: Cadence(low: 425, high: 0, onMilliseconds: 500, offMilliseconds: 500)
        case .russia: Cadence(low: 425, high: 0, onMilliseconds: 400, offMilliseconds: 400)
        }
    }

    /// Reorder / congestion: the network gave up on the call.
    public var congestion: Cadence {
        switch self {
        case .northAmerica: Cadence(low: 480, high: 620, onMilliseconds: 250, offMilliseconds: 250)
        case .europe: Cadence(low: 425, high: 0, onMilliseconds: 250, offMilliseconds: 250)
        case .russia: Cadence(low: 425, high: 0, onMilliseconds: 175, offMilliseconds: 175)
        }
    }

    /// Ringback: what a caller hears while the phone they are put through to rings.
    public var ringback: Cadence {
        switch self {
        case .northAmerica: Cadence(low: 440, high: 480, onMilliseconds: 2000, offMilliseconds: 4000)
        case .europe, .russia: Cadence(low: 425, high: 0, onMilliseconds: 1000, offMilliseconds: 4000)
        }
    }

    /// The ITU's recording-warning tone, the same in every region: 1400 Hz, 200 ms on and off.
    public static let recordingWarning = Cadence(low: 1400, high: 0, onMilliseconds: 200, offMilliseconds: 200)

    /// Continuous dial tone: the far end is gone and the exchange offers a new call.
    public var dialTone: Cadence {
        switch self {
        case .northAmerica: Cadence(low: 350, high: 440, onMilliseconds: 0, offMilliseconds: 0)
        case .europe, .russia: Cadence(low: 425, high: 0, onMilliseconds: 0, offMilliseconds: 0)
        }
    }
}

/// A tone that means the far end has gone away.
public enum CallProgressTone: Int32, Sendable {
    case busy = 1
    case congestion = 2
    case dialTone = 3
}

/// Hears a region's busy, congestion and dial tones on an answered FXO line: the way
/// the exchange says the far end hung up when the line gives no loop-current drop.
///
/// Each 20 ms frame, spandsp Goertzel filters measure the plan's frequencies against
/// the frame's whole energy; a frame is "on" for a tone when its frequencies carry
/// most of the energy. The on/off runs are then matched against the cadences:
/// busy or congestion after on-off-on within ±30 %, dial tone after 1.5 s unbroken.
/// Never allocates after init.
public final class CallProgressDetector {
    public let plan: TonePlan
    /// The tone heard, once its cadence is confirmed; nil until then.
    public private(set) var heardTone: CallProgressTone?
    /// Rises by one for each frame with sound at speech level that is none of the
    /// plan's tones (busy, dial tone, ringback), falls by one for any other: a person
    /// who answers a call we made and says something lifts it past a few dozen.
    public private(set) var speechScore = 0

    private let filters: GoertzelBank
    private let busyBins: (Int, Int?)
    private let dialBins: (Int, Int?)
    /// Worked out once: comparing the tuples per frame is generic over `Int?` and made
    /// its runtime metadata lazily, an allocation on the media thread.
    private let dialToneSharesBusyBins: Bool
    private let ringbackBins: (Int, Int?)
    /// Durations of the last completed runs, in frames; positive on, negative off.
    private var runs: (Int, Int, Int) = (0, 0, 0)
    private var currentOn = false
    private var currentFrames = 0
    private var skipNext = false
    private var lastVerdict = (on: false, dial: false, speech: false)
    static let minimumLevelDBm0: Float = -42
    static let speechLevelDBm0: Float = -40
    static let minimumShare: Float = 0.6
    static let dialToneFrames = 75

    public init(plan: TonePlan) {
        self.plan = plan
        var frequencies: [Int] = []
        func bin(_ hertz: Int) -> Int? {
            guard hertz > 0 else { return nil }
            if let index = frequencies.firstIndex(of: hertz) { return index }
            frequencies.append(hertz)
            return frequencies.count - 1
        }
        busyBins = (bin(plan.busy.low)!, bin(plan.busy.high))
        dialBins = (bin(plan.dialTone.low)!, bin(plan.dialTone.high))
        dialToneSharesBusyBins = dialBins == busyBins
        ringbackBins = (bin(plan.ringback.low)!, bin(plan.ringback.high))
        filters = GoertzelBank(frequencies: frequencies, samples: AudioFormat.samplesPerFrame)
    }

    /// Forgets everything heard (a new call on the line).
    public func reset() {
        heardTone = nil
        runs = (0, 0, 0)
        currentOn = false
        currentFrames = 0
        skipNext = false
        speechScore = 0
        lastVerdict = (false, false, false)
    }

    /// One 20 ms frame of what the line carries. Every other frame is analysed and the
    /// one between takes its verdict: 40 ms steps are fine for cadences of 175 ms and
    /// more with ±30 % slack, and it halves the cost in the media loop.
    public func process(_ samples: UnsafeBufferPointer<Int16>) {
        skipNext.toggle()
        if skipNext == false {
            track(on: lastVerdict.on, dial: lastVerdict.dial)
            scoreSpeech(lastVerdict.speech)
            return
        }
        let total = filters.analyse(samples)
        let analysed = Float(GoertzelBank.analysedSamples(of: samples.count))
        let level = 10 * log10f(max(total, 1) / analysed) - Self.zeroDBm0PowerDB
        func share(_ bins: (Int, Int?)) -> Float {
            guard level >= Self.minimumLevelDBm0, total > 0 else { return 0 }
            let first = filters.power(bins.0), second = bins.1.map(filters.power) ?? 0
            // Both frequencies of a dual tone must be there, not just one.
            if bins.1 != nil && min(first, second) < 0.2 * total { return 0 }
            return (first + second) / total
        }
        let busyOn = share(busyBins) >= Self.minimumShare
        let dialOn = share(dialBins) >= Self.minimumShare
        let toneOn = busyOn || dialOn || share(ringbackBins) >= 0.5
        let speech = level >= Self.speechLevelDBm0 && !toneOn
        lastVerdict = (busyOn || dialOn, dialOn, speech)
        track(on: busyOn || dialOn, dial: dialOn)
        scoreSpeech(speech)
    }

    private func scoreSpeech(_ heard: Bool) {
        speechScore = heard ? speechScore + 1 : max(0, speechScore - 1)
    }

    private func track(on: Bool, dial: Bool) {
        if on == currentOn {
            currentFrames += 1
        } else {
            runs = (runs.1, runs.2, currentOn ? currentFrames : -currentFrames)
            currentOn = on
            currentFrames = 1
        }
        guard heardTone == nil else { return }
        if dial && currentOn && currentFrames >= Self.dialToneFrames && !dialToneSharesBusyBins {
            heardTone = .dialTone
        } else if currentOn && currentFrames >= Self.dialToneFrames && dialToneSharesBusyBins {
            heardTone = .dialTone
        } else if matches(plan.busy) {
            heardTone = .busy
        } else if matches(plan.congestion) {
            heardTone = .congestion
        }
    }

    /// On, off, on completed with the cadence's durations, and now off again.
    private func matches(_ cadence: TonePlan.Cadence) -> Bool {
        guard !currentOn, currentFrames >= 2 else { return false }
        let on = cadence.onMilliseconds / AudioFormat.frameMilliseconds
        let off = cadence.offMilliseconds / AudioFormat.frameMilliseconds
        func near(_ frames: Int, _ target: Int) -> Bool {
            let slack = max(target * 3 / 10, 2)
            return abs(frames - target) <= slack
        }
        return near(runs.0, on) && near(-runs.1, off) && near(runs.2, on)
    }

    /// Power of a 0 dBm0 sine per sample, in dB (spandsp: a full-scale sine is +3.14 dBm0).
    static let zeroDBm0PowerDB: Float = 10 * log10f(32767 * 32767 / 2) - 3.14
}

#if canImport(Glibc)
import Glibc
#endif
