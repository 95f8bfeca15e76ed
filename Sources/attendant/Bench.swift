import ArgumentParser
import AttendantBoard
import AttendantDSP
import AttendantEngine
import AttendantMenu
import AttendantPrompts
import CSpanDSP
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the engine's cost per channel against raw spandsp dtmf_rx on the same audio.",
        discussion: """
            Both run in this one process on the same generated caller audio (keys pressed as DTMF through \
            the default line model, applied beforehand so it is not measured). Prints a table.
            """)

    @Option(help: "Channels (ports) to run at once.")
    var channels = 64

    @Option(help: "Seconds of audio per channel.")
    var seconds = 10

    @Option(help: "Measurement rounds; the fastest round of each side counts.")
    var rounds = 5

    @Option(help: "Run only one side, for instruction counting under callgrind: raw, engine or setup.")
    var only: String?

    @Option(help: "The prompt catalogue (the bench plays its first two prompts).")
    var catalogue = "prompts/catalogue.prompts"

    func run() throws {
        let frames = seconds * 1000 / AudioFormat.frameMilliseconds
        let recordings = BenchAudio.callerRecordings(channels: channels, frames: frames)
        let engine = try makeEngine(recordings: recordings)

        switch only {
        case "raw": _ = measureRaw(recordings, frames: frames); return
        case "engine": _ = measureEngine(engine, frames: frames); return
        case "setup": return
        case nil: break
        default: throw ValidationError("--only takes raw, engine or setup")
        }

        var raw = Double.infinity, whole = Double.infinity
        var keysDetected = 0
        var allocations: Int64?
        for _ in 0..<rounds {
            raw = min(raw, measureRaw(recordings, frames: frames))
            let counter = AllocationCounter()
            counter?.start()
            let (seconds, keys) = measureEngine(engine, frames: frames)
            whole = min(whole, seconds)
            keysDetected = keys
            if let counter { allocations = counter.stop() }
        }
        let channelFrames = Double(channels * frames)
        let keysPerRound = String(format: "%.1f", Double(keysDetected) / Double(channels))
        let rawMicros = raw / channelFrames * 1e6
        let engineMicros = whole / channelFrames * 1e6
        let perCore = Int(Double(AudioFormat.frameMilliseconds * 1000) / engineMicros)
        let table: [(String, String)] = [
            ("channels × frames", "\(channels) × \(frames) (\(seconds) s each), best of \(rounds) rounds"),
            ("raw spandsp dtmf_rx", String(format: "%.3f µs per channel-frame", rawMicros)),
            ("whole engine", String(format: "%.3f µs per channel-frame", engineMicros)),
            ("ratio engine / raw", String(format: "%.2f (target ≤ 1.3)", engineMicros / rawMicros)),
            ("channels per core", "\(perCore) in real time (target ≥ 1000)"),
            ("heap allocations", allocations.map {
                String(format: "%lld in %d frames (%.3f per frame)", $0, frames * rounds, Double($0) / Double(frames * rounds))
            } ?? "not counted (run under LD_PRELOAD of libMallocInterposerSwift.so, as `make bench` does)"),
            ("calls in progress", "\(engine.activeCalls) of \(channels) (answered: \(engine.statistics.callsAnswered))"),
            ("keys detected", "\(keysDetected) in the last round (\(keysPerRound) per channel)"),
        ]
        let width = table.map(\.0.count).max() ?? 0
        print("Attendant engine benchmark")
        for (name, value) in table {
            print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
    }

    private func makeEngine(recordings: [[Int16]]) throws -> MediaEngine {
        let catalogueModel = try MenuLoader.loadCatalogue(catalogue)
        let names = Array(catalogueModel.names.prefix(2))
        guard names.count == 2 else { throw ValidationError("the catalogue needs at least two prompts") }
        let source = BenchAudio.menuSource(prompts: names)
        let loaded = try MenuLoader.compile(source: source, file: "<bench>", catalogue: catalogueModel, language: "en")
        let board = ReplayBoard(recordings: recordings)
        let engine = MediaEngine(board: board, program: ExecutableProgram(loaded),
                                 settings: EngineSettings(answerAfterRings: 1))
        board.ringAllPorts()
        engine.processFrame()
        return engine
    }

    /// Seconds spent running raw spandsp over every channel's audio.
    private func measureRaw(_ recordings: [[Int16]], frames: Int) -> Double {
        let states = recordings.map { _ in dtmf_rx_init(nil, nil, nil)! }
        defer { states.forEach { dtmf_rx_free($0) } }
        var digits = [CChar](repeating: 0, count: 16)
        let start = DispatchTime.now().uptimeNanoseconds
        for frame in 0..<frames {
            let offset = frame * AudioFormat.samplesPerFrame
            for (channel, recording) in recordings.enumerated() {
                recording.withUnsafeBufferPointer { samples in
                    _ = dtmf_rx(states[channel], samples.baseAddress! + offset, Int32(AudioFormat.samplesPerFrame))
                }
                _ = dtmf_rx_get(states[channel], &digits, 16)
            }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Seconds spent, and keys the engine detected.
    private func measureEngine(_ engine: MediaEngine, frames: Int) -> (Double, Int) {
        var keys = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<frames {
            engine.processFrame()
            while let event = engine.events.pop() {
                if case .keyPressed = event { keys += 1 }
            }
        }
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, keys)
    }
}
