import ArgumentParser
import AttendantRecorder
import AttendantBoard
import AttendantControl
import AttendantEngine
import AttendantSimulation
import AttendantStore
import Foundation

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scripted callers against the menu on the simulated board, in virtual time.",
        discussion: """
            Each script is one caller (see docs/caller-scripts.md); all run at once. \
            Prints a transcript; exits 1 if any expectation failed, 65 if a script or the menu is invalid.
            """)

    @Argument(help: "Caller scripts.")
    var scripts: [String]

    @OptionGroup var menu: MenuOptions
    @OptionGroup var line: LineOptions

    @Option(help: "Office phones (FXS ports) after the lines, for phone scripts: extensions ports+1 on.")
    var phones = 0

    @Option(help: "Agents to log in before the scripts start (extensions, comma-separated).")
    var loggedIn: String?

    @Option(help: "Write call records to this database file (default: an in-memory database).")
    var database: String?

    @Option(help: "Where voicemail messages and recordings go (default: a new temporary folder).")
    var recordings: String?

    @Flag(help: "Print the call records at the end.")
    var showCalls = false

    @Option(help: "When the virtual clock starts: \"YYYY-MM-DD HH:MM ZONE\" (an IANA zone, e.g. Europe/Moscow). Default: 2026-01-01 09:00 UTC.")
    var start: String?

    func validate() throws {
        if let start, Self.parseStart(start) == nil {
            throw ValidationError("--start must look like \"2026-03-08 09:30 America/New_York\", not '\(start)'")
        }
    }

    /// "YYYY-MM-DD HH:MM ZONE" as an instant.
    static func parseStart(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 3, let zone = TimeZone(identifier: String(parts[2])) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: "\(parts[0]) \(parts[1])")
    }

    func run() throws {
        var parsed: [CallerScript] = []
        var invalid = false
        for path in scripts {
            do {
                parsed.append(try CallerScript.load(path: path))
            } catch {
                printError(error.description)
                invalid = true
            }
        }
        if invalid { throw ExitCode(exitDataError) }
        let loaded = try menu.load()

        let store = try database.map { try AttendantDatabase(path: $0) } ?? AttendantDatabase.inMemory()
        let writer = StorageWriter(database: store)
        let board = SimulatedBoard(portCount: line.ports, phones: phones, line: line.settings)
        let appliance = Appliance(board: board, program: ExecutableProgram(loaded), writer: writer,
                                  clock: FrameClock(epoch: start.flatMap(Self.parseStart) ?? Self.simulationEpoch))
        for agent in (loggedIn ?? "").split(separator: ",") {
            guard let number = Int(agent.trimmingCharacters(in: .whitespaces)), appliance.centre.logIn(number) else {
                throw ValidationError("--logged-in: '\(agent)' is not an agent of the menu's queues")
            }
        }
        // Messages and recordings are written as on a board, in step with the virtual clock.
        let folder = recordings ?? NSTemporaryDirectory() + "attendant-simulate-\(UUID().uuidString)"
        let recorder = Recorder(tap: appliance.engine.recordingTap, settings: RecorderSettings(directory: folder, minFreeBytes: 0),
                                finished: { writer.submit($0) })
        appliance.recorder = recorder
        let runner = ScriptRunner(appliance: appliance, board: board,
                                  recogniser: PromptRecogniser(prompts: loaded.prompts.allPrompts))
        runner.beforeFrame = { frame in if frame % 10 == 0 { recorder.pump() } }
        let outcome = runner.run(parsed)
        recorder.stop()
        writer.close()

        outcome.transcript.forEach { print($0) }
        let seconds = FrameClock.seconds(frames: outcome.frames)
        print("\(parsed.count) caller(s), \(appliance.finishedCalls.count) call(s) recorded, "
              + "\(String(format: "%.1f", seconds)) s simulated: "
              + (outcome.succeeded ? "all expectations met" : "\(outcome.failures.count) failed"))
        if showCalls {
            for record in appliance.finishedCalls {
                print("  port \(record.port): \(record.disposition.rawValue), keys '\(record.keys)', "
                      + "path \(record.menuPath.joined(separator: " > ")), \(String(format: "%.2f", record.durationSeconds)) s")
            }
        }
        for failure in outcome.failures { printError(failure.description) }
        if !outcome.succeeded { throw ExitCode.failure }
    }

    /// Simulations start at a fixed moment so that their records repeat exactly.
    static let simulationEpoch = Date(timeIntervalSince1970: 1_767_258_000)  // 2026-01-01 09:00 UTC
}
