import AttendantDSP
import AttendantPrompts
import Foundation

/// The audio the DTMF benchmark runs on. `bounded` is what `make test` runs;
/// `full` is `make dtmf-bench`.
public struct DTMFBenchCases: Sendable {
    /// Sequences of all 16 keys per accept/reject row.
    public var sequences: Int
    /// Seconds of recorded speech per language, and of music, for talk-off.
    public var talkOffSeconds: Double
    public var languages: [String]
    public var soundsFolder = "/usr/share/asterisk/sounds"
    public var musicFolder = "/usr/share/asterisk/moh"

    public static let bounded = DTMFBenchCases(sequences: 1, talkOffSeconds: 120, languages: ["en", "ru"])
    public static let full = DTMFBenchCases(sequences: 4, talkOffSeconds: .infinity, languages: ["en", "ru", "es", "fr"])

    public init(sequences: Int, talkOffSeconds: Double, languages: [String]) {
        self.sequences = sequences
        self.talkOffSeconds = talkOffSeconds
        self.languages = languages
    }

    public func all() throws -> [DTMFBench.Case] {
        accept() + reject() + (try talkOff()) + (try echo())
    }

    // MARK: - Accept masks

    public func accept() -> [DTMFBench.Case] {
        var rows: [DTMFBench.Case] = []
        func row(_ name: String, low: Double = -10, high: Double? = nil, lowOffset: Double = 0, highOffset: Double = 0,
                 tone: Int = 50, gap: Int = 50, snr: Double = 30, law: CompandingLaw = .muLaw) {
            rows.append(sequenceCase(.accept, name, low: low, high: high ?? low, lowOffset: lowOffset,
                                     highOffset: highOffset, tone: tone, gap: gap, snr: snr, law: law))
        }
        row("nominal: −10 dBm0, 50 ms on/off, 30 dB SNR")
        row("A-law instead of µ-law", law: .aLaw)
        row("shortest: 40 ms tones, 40 ms gaps", tone: 40, gap: 40)
        row("both groups +1.5 %", lowOffset: 0.015, highOffset: 0.015)
        row("both groups −1.5 %", lowOffset: -0.015, highOffset: -0.015)
        row("low +1.5 %, high −1.5 %", lowOffset: 0.015, highOffset: -0.015)
        row("low −1.5 %, high +1.5 %", lowOffset: -0.015, highOffset: 0.015)
        row("normal twist 8 dB (high group weaker)", low: -10, high: -18)
        row("reverse twist 4 dB (high group stronger)", low: -14, high: -10)
        row("loud: −3 dBm0 per tone", low: -3)
        row("quiet: −36 dBm0 per tone", low: -36)
        for snr in [40.0, 20, 15, 10] {
            row("SNR \(Int(snr)) dB at −20 dBm0", low: -20, snr: snr)
        }
        row("corner: 40/40 ms, +1.5 %, 8 dB twist, 15 dB SNR", low: -16, high: -24, lowOffset: 0.015,
            highOffset: 0.015, tone: 40, gap: 40, snr: 15)
        row("corner: 40/40 ms, −1.5 %, 4 dB reverse twist, −30 dBm0", low: -30, high: -26, lowOffset: -0.015,
            highOffset: -0.015, tone: 40, gap: 40, snr: 20)
        return rows
    }

    // MARK: - Reject masks

    public func reject() -> [DTMFBench.Case] {
        var rows: [DTMFBench.Case] = []
        func row(_ name: String, low: Double = -10, lowOffset: Double = 0, highOffset: Double = 0, tone: Int = 50, gap: Int = 50) {
            var item = sequenceCase(.reject, name, low: low, high: low, lowOffset: lowOffset, highOffset: highOffset,
                                    tone: tone, gap: gap, snr: 30, law: .muLaw)
            item.keys = []
            rows.append(item)
        }
        row("both groups +3.5 %", lowOffset: 0.035, highOffset: 0.035)
        row("both groups −3.5 %", lowOffset: -0.035, highOffset: -0.035)
        row("low group +3.5 %", lowOffset: 0.035)
        row("high group −3.5 %", highOffset: -0.035)
        row("23 ms tones", tone: 23, gap: 60)
        row("20 ms tones", tone: 20, gap: 40)
        row("below the floor: −50 dBm0 per tone", low: -50)

        var single: [Int16] = DTMFSignal.silence(milliseconds: 100)
        for frequency in DTMFSignal.allFrequencies {
            single += DTMFSignal.tones([(frequency, -10)], milliseconds: 100) + DTMFSignal.silence(milliseconds: 100)
        }
        let line = BenchLine(signalToNoiseDB: 30, referenceDBm0: -10)
        rows.append(.init(kind: .reject, name: "single tones, each of the 8, 100 ms", heard: line.apply(to: single), keys: []))
        return rows
    }

    private func sequenceCase(_ kind: DTMFBench.Kind, _ name: String, low: Double, high: Double, lowOffset: Double,
                              highOffset: Double, tone: Int, gap: Int, snr: Double, law: CompandingLaw) -> DTMFBench.Case {
        var audio: [Int16] = DTMFSignal.silence(milliseconds: 100)
        var keys: [Character] = []
        for sequence in 0..<sequences {
            for (index, key) in DTMFSignal.keys.enumerated() {
                audio += DTMFSignal.key(key, lowDBm0: low, highDBm0: high, lowOffset: lowOffset, highOffset: highOffset,
                                        milliseconds: tone, phase: Double(sequence * 16 + index))
                audio += DTMFSignal.silence(milliseconds: gap)
                keys.append(key)
            }
        }
        audio += DTMFSignal.silence(milliseconds: 200)
        let line = BenchLine(signalToNoiseDB: snr, referenceDBm0: DTMFSignal.combinedDBm0(low, high),
                             companding: law, seed: Self.seed(for: name))
        return .init(kind: kind, name: name, heard: line.apply(to: audio), keys: keys)
    }

    /// A seed that depends on the row alone, so every run hears the same noise
    /// (`hashValue` changes from process to process).
    static func seed(for name: String) -> Int32 {
        Int32(truncatingIfNeeded: name.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 } & 0x7fff_ffff)
    }

    // MARK: - Talk-off

    /// Recorded speech per language and music on hold, as a caller's line carries them.
    public func talkOff() throws -> [DTMFBench.Case] {
        var rows: [DTMFBench.Case] = []
        for language in languages {
            let speech = try recordings(in: "\(soundsFolder)/\(language)", upTo: talkOffSeconds)
            rows.append(.init(kind: .talkOff, name: "speech, \(language)", heard: callerLine(speech), keys: []))
        }
        let music = try recordings(in: musicFolder, upTo: talkOffSeconds)
        rows.append(.init(kind: .talkOff, name: "music on hold", heard: callerLine(music), keys: []))
        return rows
    }

    // MARK: - Echo

    /// Our own prompts and music returning through the hybrid while the caller is
    /// silent, and while the caller presses keys over them.
    public func echo() throws -> [DTMFBench.Case] {
        let prompts = try recordings(in: "\(soundsFolder)/en", upTo: min(talkOffSeconds, 600))
        let music = try recordings(in: musicFolder, upTo: min(talkOffSeconds, 600))
        let playing = prompts + music
        var rows: [DTMFBench.Case] = []
        for (echoDB, delay) in [(-6.0, 4), (-12.0, 16), (-20.0, 32)] {
            let heard = hybrid(playing, echoDB: echoDB, delayMilliseconds: delay, plus: nil)
            rows.append(.init(kind: .echo, name: "echo \(Int(echoDB)) dB, \(delay) ms, caller silent",
                              heard: heard, played: playing, keys: []))
        }
        // Keys every 1.5 s, 60 ms long, at −16 dBm0 (a −10 dBm0 phone after 6 dB of loss).
        var keysAudio = [Int16](repeating: 0, count: min(playing.count, 8000 * 120))
        var keys: [Character] = []
        var position = 4000
        while position + 800 < keysAudio.count {
            let key = DTMFSignal.keys[keys.count % 16]
            let tone = DTMFSignal.key(key, lowDBm0: -16, highDBm0: -16, milliseconds: 60, phase: Double(keys.count))
            keysAudio.replaceSubrange(position ..< position + tone.count, with: tone)
            keys.append(key)
            position += 12000
        }
        let pressing = Array(playing.prefix(keysAudio.count))
        let heard = hybrid(pressing, echoDB: -6, delayMilliseconds: 4, plus: keysAudio)
        rows.append(.init(kind: .accept, name: "keys pressed over a prompt echoed at −6 dB", heard: heard, played: pressing,
                          keys: keys))
        return rows
    }

    private func callerLine(_ audio: [Int16]) -> [Int16] {
        var out = audio
        out.withUnsafeMutableBufferPointer { Level.scale($0, by: Float(Level.amplitudeFactor(decibels: -6))) }
        return BenchLine(signalToNoiseDB: 30, referenceDBm0: -16).apply(to: out)
    }

    /// What a port hears: its own playback through the hybrid, plus the caller.
    private func hybrid(_ playing: [Int16], echoDB: Double, delayMilliseconds: Int, plus caller: [Int16]?) -> [Int16] {
        let delay = AudioFormat.samples(milliseconds: delayMilliseconds)
        let gain = Level.amplitudeFactor(decibels: echoDB)
        var heard = [Int16](repeating: 0, count: playing.count)
        for index in delay ..< playing.count {
            let echo = Double(playing[index - delay]) * gain
            heard[index] = Int16(clamping: Int(echo.rounded()) + Int(caller.map { index < $0.count ? $0[index] : 0 } ?? 0))
        }
        return BenchLine(signalToNoiseDB: 30, referenceDBm0: -16).apply(to: heard)
    }

    /// WAV files of a folder, sorted, concatenated up to `seconds`.
    private func recordings(in folder: String, upTo seconds: Double) throws -> [Int16] {
        let limit = seconds.isFinite ? Int(seconds * Double(AudioFormat.sampleRate)) : Int.max
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".wav") }.sorted()
        var audio: [Int16] = []
        for file in files where audio.count < limit {
            guard let samples = try? WAVFile.read(path: "\(folder)/\(file)") else { continue }
            audio += samples.prefix(limit - audio.count)
        }
        return audio
    }
}
