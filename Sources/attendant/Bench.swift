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
        abstract: "Measure the engine's cost per channel against raw spandsp dtmf_rx on the same audio, compile time and reload.",
        discussion: """
            Both run in this one process on the same generated caller audio (keys pressed as DTMF through \
            the default line model, applied beforehand so it is not measured); the engine runs a menu that \
            exercises the interpreter (rules on entry, `say`, digit collection). Prints a table; then a second \
            one: the compile time of a generated configuration and how soon a reload is served.
            """)

    @Option(help: "Channels (ports) to run at once.")
    var channels = 64

    @Option(help: "Seconds of audio per channel.")
    var seconds = 10

    @Option(help: "Measurement rounds; the fastest round of each side counts.")
    var rounds = 5

    @Option(help: "Run only one side, for instruction counting under callgrind: raw, engine or setup; or only the recording table: recording.")
    var only: String?

    @Option(help: "The prompt catalogue (the bench plays its first two prompts).")
    var catalogue = "prompts/catalogue.prompts"

    @Option(help: "Menus in the generated configuration whose compile time is measured.")
    var menus = 1000

    @Option(help: "Rounds of compiling it, and of reloading; the fastest counts.")
    var compileRounds = 5

    @Option(help: "Callers waiting in one queue (and, in pairs, bridged) for the queue table.")
    var queueCallers = 2000

    @Option(help: "Seconds of audio per caller in the queue table.")
    var queueSeconds = 2

    @Option(help: "Channels recorded at once in the recording table.")
    var recordedChannels = 32

    @Option(help: "The menu file the reload bench starts with and changes.")
    var demoMenu = "examples/demo.menu"

    @Option(help: "Only write the generated configuration to this file (to read it, or `attendant compile` it).")
    var writeGenerated: String?

    func run() throws {
        if let writeGenerated {
            let names = try MenuLoader.loadCatalogue(catalogue).names
            try BenchMenus.largeSource(menus: menus, prompts: names).write(toFile: writeGenerated, atomically: true, encoding: .utf8)
            return
        }
        let frames = seconds * 1000 / AudioFormat.frameMilliseconds
        let recordings = BenchAudio.callerRecordings(channels: channels, frames: frames)
        let (engine, firstWordClip) = try makeEngine(recordings: recordings)

        switch only {
        case "raw": _ = measureRaw(recordings, frames: frames); return
        case "engine":
            var counts = EngineCounts(menus: engine.program.program.menus.count, firstWordClip: firstWordClip)
            _ = measureEngine(engine, frames: frames, counts: &counts)
            return
        case "setup": return
        case "recording":
            let recording = try BenchRecording.run(channels: recordedChannels, seconds: seconds, rounds: rounds,
                                                   catalogue: MenuLoader.loadCatalogue(catalogue), raw: measureRaw)
            print("Attendant recording benchmark")
            Self.printTable(BenchRecording.table(recording))
            return
        case nil: break
        default: throw ValidationError("--only takes raw, engine, setup or recording")
        }

        var raw = Double.infinity, whole = Double.infinity
        var keysDetected = 0
        var allocations: Int64?
        var counts = EngineCounts(menus: engine.program.program.menus.count, firstWordClip: firstWordClip)
        // Without this a zero below could mean "not counting".
        let countsAllocations = AllocationCounter().map { counter in
            counter.start()
            let array = [Int](repeating: 42, count: Int.random(in: 100...200))
            return counter.stop() >= 1 && array.count >= 100
        } ?? false
        for _ in 0..<rounds {
            raw = min(raw, measureRaw(recordings, frames: frames))
            counts.reset()
            let counter = countsAllocations ? AllocationCounter() : nil
            counter?.start()
            let seconds = measureEngine(engine, frames: frames, counts: &counts)
            whole = min(whole, seconds)
            keysDetected = counts.keys
            if let counter { allocations = counter.stop() }
        }
        let entries = counts.menusEntered.enumerated().map { "\(engine.program.menuName($0)) \($1)" }.joined(separator: ", ")
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
            } ?? (AllocationCounter() == nil
                ? "not counted (run under LD_PRELOAD of libMallocInterposerSwift.so, as `make bench` does)"
                : "not counted: the interposer is loaded but saw no allocation of a test array")),
            ("calls in progress", "\(engine.activeCalls) of \(channels) (answered: \(engine.statistics.callsAnswered))"),
            ("keys detected", "\(keysDetected) in the last round (\(keysPerRound) per channel)"),
            ("interpreter", "menus entered: \(entries); words said: \(counts.wordsSaid), in the last round"),
        ]
        print("Attendant engine benchmark")
        Self.printTable(table)
        print()
        try runConfigurationBench()
        print()
        let queues = try BenchQueues.run(channels: queueCallers, seconds: queueSeconds, rounds: rounds,
                                         catalogue: MenuLoader.loadCatalogue(catalogue), raw: measureRaw)
        print("Attendant queue benchmark")
        Self.printTable(BenchQueues.table(queues))
        print()
        let recording = try BenchRecording.run(channels: recordedChannels, seconds: seconds, rounds: rounds,
                                               catalogue: MenuLoader.loadCatalogue(catalogue), raw: measureRaw)
        print("Attendant recording benchmark")
        Self.printTable(BenchRecording.table(recording))
    }

    static func shortened(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    static func printTable(_ table: [(String, String)]) {
        let width = table.map(\.0.count).max() ?? 0
        for (name, value) in table {
            print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
    }

    /// The second table: a generated configuration's compile time, and a reload.
    private func runConfigurationBench() throws {
        let catalogueModel = try MenuLoader.loadCatalogue(catalogue)
        let compile = try BenchConfiguration.measureCompile(menus: menus, rounds: compileRounds, catalogue: catalogueModel)
        let reload = try BenchConfiguration.measureReload(menuFile: demoMenu, catalogueFile: catalogue, rounds: compileRounds)
        func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
        let table: [(String, String)] = [
            ("generated configuration", "\(compile.menus) menus, \(compile.lines) lines, languages en, ru; "
                + "\(compile.instructions) instructions emitted; best of \(compileRounds) rounds"),
            ("MenuCompiler.compile", "\(ms(compile.compiler)) (prompts from a name table, no audio; target < 100 ms)"),
            ("MenuLoader.compile", "\(ms(compile.loader)) (\(compile.prompts) prompts and the words of `say` "
                + "decoded in both languages: \(compile.clips) clips)"),
            ("ExecutableProgram tables", ms(compile.tables)),
            ("compile warnings", compile.warnings.isEmpty ? "none" : "\(compile.warnings.count), the first: "
                + Self.shortened(compile.warnings[0].replacingOccurrences(of: "<bench-\(menus)>:", with: ""), to: 90)),
            ("reload of \(demoMenu)", "a changed copy while a call is in progress; best of \(reload.rounds) rounds"),
            ("  compile (MenuLoader.load)", ms(reload.compile)),
            ("  build tables", ms(reload.tables)),
            ("  install", ms(reload.install)),
            ("  frames until served", "\(reload.frames) (the engine takes a pending program at its next frame)"),
            ("  start to served", ms(reload.total) + " (simulated frames; on the real clock add up to "
                + "\(AudioFormat.frameMilliseconds) ms to the frame's start)"),
            ("  call in progress", reload.callInProgressStayed ? "still up on its own version" : "lost"),
        ]
        print("Attendant configuration benchmark")
        Self.printTable(table)
    }

    /// The engine, ringing every port, and the first clip that is a word of `say`.
    private func makeEngine(recordings: [[Int16]]) throws -> (MediaEngine, Int) {
        let catalogueModel = try MenuLoader.loadCatalogue(catalogue)
        let names = Array(catalogueModel.names.prefix(2))
        guard names.count == 2 else { throw ValidationError("the catalogue needs at least two prompts") }
        let source = BenchMenus.interpreterSource(prompts: names)
        let loaded = try MenuLoader.compile(source: source, file: "<bench>", catalogue: catalogueModel, language: "en")
        let program = ExecutableProgram(loaded)
        // The control side's part: the schedule's state (always open) before calls read it.
        program.refreshSchedules(at: Date())
        let board = ReplayBoard(recordings: recordings)
        let engine = MediaEngine(board: board, program: program,
                                 settings: EngineSettings(answerAfterRings: 1))
        board.ringAllPorts()
        engine.processFrame()
        return (engine, (loaded.promptClips.joined().max() ?? -1) + 1)
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

    /// What the engine did in a round, from its events.
    struct EngineCounts {
        var keys = 0
        var menusEntered: [Int]
        var wordsSaid = 0
        let firstWordClip: Int

        init(menus: Int, firstWordClip: Int) {
            menusEntered = Array(repeating: 0, count: menus)
            self.firstWordClip = firstWordClip
        }

        mutating func reset() {
            keys = 0
            wordsSaid = 0
            for index in menusEntered.indices { menusEntered[index] = 0 }
        }
    }

    /// Seconds spent; the keys, menus and words the engine reported go into `counts`.
    private func measureEngine(_ engine: MediaEngine, frames: Int, counts: inout EngineCounts) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<frames {
            engine.processFrame()
            while let event = engine.events.pop() {
                switch event {
                case .keyPressed: counts.keys += 1
                case .menuEntered(_, let menu, _): counts.menusEntered[menu] += 1
                case .promptStarted(_, let clip, _) where clip >= counts.firstWordClip: counts.wordsSaid += 1
                default: break
                }
            }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
