import AttendantBoard
import AttendantControl
import AttendantEngine
import AttendantMenu
import AttendantPrompts
import AttendantSimulation
import AttendantStore
import Foundation
import Testing

/// The repository's own files, found from this source file's place.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
    static let catalogue = path("prompts/catalogue.prompts")
    static let demoMenu = path("examples/demo.menu")
}

/// An appliance on the simulated board with an in-memory database, a storage writer
/// and a recogniser over the menu's prompts: everything a scenario needs.
final class ScenarioHarness {
    let loaded: LoadedMenu
    let board: SimulatedBoard
    let database: AttendantDatabase
    let writer: StorageWriter
    let appliance: Appliance
    let recogniser: PromptRecogniser

    static let epoch = Date(timeIntervalSince1970: 1_767_258_000)

    init(menuSource: String? = nil, ports: Int = 4, phones: Int = 0, line: LineModelSettings = LineModelSettings(),
         disconnect: DisconnectSignal = .loopCurrentDrop, settings: EngineSettings = EngineSettings(),
         start: Date = ScenarioHarness.epoch, catalogue cataloguePath: String = Repository.catalogue) throws {
        if let menuSource {
            let catalogue = try MenuLoader.loadCatalogue(cataloguePath)
            loaded = try MenuLoader.compile(source: menuSource, file: "test.menu", catalogue: catalogue)
        } else {
            loaded = try MenuLoader.load(menuFile: Repository.demoMenu, catalogueFile: Repository.catalogue)
        }
        board = SimulatedBoard(portCount: ports, phones: phones, line: line, disconnect: disconnect)
        database = try AttendantDatabase.inMemory()
        writer = StorageWriter(database: database)
        appliance = Appliance(board: board, program: ExecutableProgram(loaded), settings: settings,
                              writer: writer, clock: FrameClock(epoch: start))
        recogniser = PromptRecogniser(prompts: loaded.prompts.allPrompts)
    }

    deinit { writer.close() }

    /// Runs caller scripts given as source text; returns the outcome.
    func run(_ scripts: [String], beforeFrame: ((Int64) -> Void)? = nil) throws -> ScriptRunner.Outcome {
        let parsed = try scripts.enumerated().map { index, source in
            try CallerScript.parse(source: source, file: "caller\(index + 1).call")
        }
        let runner = ScriptRunner(appliance: appliance, board: board, recogniser: recogniser)
        runner.beforeFrame = beforeFrame
        let outcome = runner.run(parsed)
        writer.flush()
        return outcome
    }

    /// The call rows as stored in the database, oldest first.
    func storedCalls() throws -> [CallRecord] {
        writer.flush()
        return try database.recentCalls(limit: 1000).reversed()
    }

    func step(_ frames: Int = 1) {
        for _ in 0..<frames { appliance.step() }
    }

    func promptID(_ name: String) -> Int? { loaded.prompts.id(named: name) }

    /// An instant given as local time in an IANA zone.
    static func instant(_ local: String, _ zone: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone)!
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: local)!
    }
    /// The prompts recognised in received audio, by name, with onsets from sample `start` on.
    func promptsHeard(in audio: [Int16], from start: Int = 0) -> [String] {
        let start = min(audio.count, start)
        return audio.withUnsafeBufferPointer { recogniser.recognise(in: $0, onsetsIn: start ..< $0.count).map(\.name) }
    }

    func durationSeconds(of prompt: String) -> Double {
        Double(loaded.prompts.samples(of: promptID(prompt)!).count) / 8000
    }
}

extension ScriptRunner.Outcome {
    /// The transcript and failures, for test failure messages.
    var report: String { (transcript + failures.map(\.description)).joined(separator: "\n") }
}
