import ArgumentParser
import AttendantBoard
import AttendantConsole
import AttendantRuntime
import AttendantControl
import AttendantEngine
import AttendantHardware
import AttendantPrompts
import AttendantSimulation
import AttendantRecorder
import AttendantStore
import Foundation
import Logging

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the appliance with a console on this terminal: on the simulated board, or on a real one with --board.")

    @OptionGroup var menu: MenuOptions
    @OptionGroup var line: LineOptions
    @OptionGroup var recording: RecordingOptions

    @Option(help: "The database file.")
    var database = "var/attendant.sqlite"

    @Option(help: "The folder prompts uploaded on a console are kept in (each NAME.wav is prompt NAME).")
    var uploadedPrompts = "var/prompts"

    @Option(help: "The folder console backups are kept in.")
    var backups = "var/backups"

    @Option(help: "Rings before a line is answered (default: the board file's, else 2).")
    var answerAfterRings: Int?

    @Option(help: "A board file (board/*.board): run on that hardware instead of the simulated board.")
    var board: String?

    @Option(help: "Real-time (SCHED_FIFO) priority of the media thread on a real board.")
    var realTimePriority: Int32 = 70

    @Option(help: "CPU to pin the media thread to on a real board.")
    var mediaCPU: Int?

    @Option(name: .customLong("console"),
            help: ArgumentHelp("A serial port or pty for a console session (115200 8N1, raw), beside this terminal; repeatable.",
                               valueName: "device"))
    var consoles: [String] = []

    @Option(help: ArgumentHelp("Minutes a --console session may sit idle before it is logged out.", valueName: "minutes"))
    var consoleIdleMinutes: Double = 15

    @Option(help: ArgumentHelp("A program whose output `show version` adds to the versions (the board image's: its RAUC slots).",
                               valueName: "program"))
    var slotStatus: String?

    @Option(help: ArgumentHelp("A program the console's `install BUNDLE` runs with the bundle's path (the board image's: RAUC, then a reboot).",
                               valueName: "program"))
    var installer: String?

    @Option(help: ArgumentHelp("A program the console's `set time` runs with the new time as @SECONDS since 1970, UTC (the board image's: date, then hwclock).",
                               valueName: "program"))
    var clockSetter: String?

    @Option(help: ArgumentHelp("A program the console's `reboot` runs (the board image's: systemctl reboot; attendant then gets SIGTERM).",
                               valueName: "program"))
    var rebooter: String?

    @Option(help: ArgumentHelp("Seconds calls in progress are given to end on SIGTERM, SIGINT or 'quit'; then they hear 'goodbye' and are ended.",
                               valueName: "seconds"))
    var shutdownGrace: Double = 10

    func validate() throws {
        guard shutdownGrace >= 0, shutdownGrace.isFinite else { throw ValidationError("--shutdown-grace must be 0 or more seconds") }
    }

    func run() throws {
        let logger = Logger(label: "attendant")
        // Uploaded prompts are part of the configuration: a menu that plays one starts too.
        let configuration = ConfigurationStore.file(menuFile: menu.menu, catalogueFile: menu.catalogue,
                                                    language: menu.language, uploadedPrompts: uploadedPrompts)
        let loaded: LoadedMenu
        do {
            loaded = try configuration.compile(configuration.read())
            for warning in loaded.warnings { printError(warning.description) }
        } catch {
            printError("\(error)")
            throw ExitCode(exitDataError)
        }
        let store = try AttendantDatabase(path: database)
        // Before anything answers: rows still open now were left by a run that stopped mid-call.
        let interrupted = try store.closeInterruptedCalls()
        if !interrupted.isEmpty {
            logger.notice("closed \(interrupted.count) call(s) left in progress by an earlier run as interrupted: \(interrupted.map(\.callID).joined(separator: ", "))")
        }
        // Recordings a crash cut short: their files made playable, their rows marked cut.
        let cut = try Recorder.repairCut(in: store, logger: logger)
        if cut > 0 { logger.notice("repaired \(cut) recording(s) cut by an earlier run") }
        let writer = StorageWriter(database: store)
        let telephonyBoard: TelephonyBoard
        var settings = EngineSettings(answerAfterRings: answerAfterRings ?? 2)
        var boardStatistics: @Sendable () -> [String] = { [] }
        var prepareMediaThread: @Sendable () -> Void = {}
        let simulatedPorts = line.ports
        var boardReport: @Sendable () -> [String] = { ["simulated board: \(simulatedPorts) FXO ports (--board FILE runs on hardware)"] }
        if let board {
            let description = try loadBoard(board)
            settings.tonePlan = description.tonePlan
            settings.callerID = description.callerID
            settings.dtmf = .attendant(description.dtmf)
            settings.answerAfterRings = answerAfterRings ?? description.ring.answerAfterRings ?? 2
            let summary = description.summaryLines(file: board)
            boardReport = { summary + Self.kernelDevices() }
            if let refusal = RealTime.lockMemory() { logger.warning("\(refusal)") }
            do {
                let hardware = try HardwareBoard(description: description, gpio: GPIODChips())
                telephonyBoard = hardware
                let statistics = hardware.statistics
                nonisolated(unsafe) let ports = hardware  // portLines reads atomics only
                boardStatistics = { statistics.lines() + ports.portLines() }
                logger.info("board \(board): '\(description.name)', \(description.ports.count) ports, streams \(hardware.streamsLinked ? "linked on one clock" : "NOT linked: each keeps its own clock")")
            } catch {
                printError("\(board): error: \(error)")
                throw ExitCode.failure
            }
            let priority = realTimePriority, cpu = mediaCPU
            prepareMediaThread = {
                for refusal in RealTime.promoteCurrentThread(priority: priority, cpu: cpu) { logger.warning("\(refusal)") }
            }
        } else {
            telephonyBoard = SimulatedBoard(portCount: line.ports, line: line.settings)
        }
        let appliance = Appliance(board: telephonyBoard, program: ExecutableProgram(loaded), settings: settings,
                                  writer: writer, clock: FrameClock(epoch: Date()))
        appliance.keepsFinishedCalls = false
        appliance.recorder = Recorder(tap: appliance.engine.recordingTap, settings: recording.settings,
                                      logger: Logger(label: "attendant.recorder"), finished: { writer.submit($0) })
        appliance.recorder?.deleted = { writer.submitDeletion(ofRecordingAt: $0) }
        appliance.recorder?.remember(try RecordingOptions.stored(in: store))
        let live = LiveAppliance(appliance: appliance, database: store,
                                 recogniser: PromptRecogniser(prompts: loaded.prompts.allPrompts),
                                 boardStatistics: boardStatistics, prepareMediaThread: prepareMediaThread,
                                 configuration: configuration,
                                 notify: { writeLine("\r\($0)\u{1B}[K\nattendant> ", terminator: "") })
        let slotProgram = slotStatus
        live.versionReport = { Version.lines + (slotProgram.map { Self.output(of: $0) } ?? []) }
        if let installer { live.updateInstaller = { Self.output(of: installer, arguments: [$0]) } }
        if let clockSetter { live.clockSetter = { Self.output(of: clockSetter, arguments: ["@\(Int($0.timeIntervalSince1970))"]) } }
        live.followsWallClock = true
        if let rebooter { live.rebooter = { Self.output(of: rebooter) } }
        live.boardReport = boardReport
        // SIGHUP reloads, as the console's `reload` does; the outcome goes to the log.
        signal(SIGHUP, SIG_IGN)
        let hangUp = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        hangUp.setEventHandler {
            for line in live.reload().split(separator: "\n") { logger.notice("SIGHUP: \(line)") }
        }
        hangUp.resume()
        defer { hangUp.cancel() }
        let finished = DispatchSemaphore(value: 0)
        let stopSignals = Self.onStopSignal(logger: logger, first: { finished.signal() }, again: { live.hurry() })
        defer { stopSignals.forEach { $0.cancel() } }
        logger.info("menu \(menu.menu) version \(String(loaded.program.version, radix: 16)): \(loaded.program.menus.count) menus, \(loaded.prompts.count) prompts")
        if board == nil { logger.info("simulated board: \(line.ports) FXO ports; database \(database)") }
        // Console devices open before anything answers: a wrong path is said at once.
        var devices: [TerminalDevice] = []
        for path in consoles {
            do {
                devices.append(try TerminalDevice(path: path))
            } catch {
                printError("--console \(error)")
                throw ExitCode.failure
            }
        }
        var policy = ConsoleAccess.Policy()
        policy.idleLogoutSeconds = consoleIdleMinutes * 60
        let services = try ConsoleServices(appliance: live, database: store, policy: policy,
                                           uploads: PromptUpload(folder: uploadedPrompts), backups: ConsoleBackup(folder: backups))
        // Under systemd (Type=notify): READY=1 once the media loop runs, WATCHDOG=1 while it is healthy.
        do {
            live.serviceNotifier = try ServiceNotifier.fromEnvironment()
            if let notifier = live.serviceNotifier {
                logger.info("telling the service manager at \(notifier.socketPath) when ready\(notifier.watchdogTimeout.map { "; its watchdog: \($0) s" } ?? "")")
            }
        } catch {
            logger.warning("no service manager notifications: \(error)")
        }
        live.start()
        let history = services.history
        let confirmations = DispatchSource.makeTimerSource(queue: .global())
        confirmations.schedule(deadline: .now() + 1, repeating: 1)
        confirmations.setEventHandler { history.expireUnconfirmed() }
        confirmations.resume()
        defer { confirmations.cancel() }
        for device in devices { Self.serve(device, live: live, services: services, logger: logger) }
        let hasDeviceConsoles = !devices.isEmpty
        defer {
            live.stop()
            writer.close()
        }

        writeLine(board == nil
                  ? "Attendant is answering on the simulated board. Type 'help'; try 'sim call 1', then 'sim press 1 1'."
                  : "Attendant is answering on \(board!). Type 'help'; 'show stats' shows xruns and frame timing.")
        // The console reads on a thread of its own, so that a signal can end the run
        // while it waits for a line; `quit` or the end of input ends it too.
        let console = Thread {
            let commands = ConsoleCommands(backend: live, operator: .localTerminal, services: services)
            var reply = ConsoleCommands.Reply(text: "")
            while true {
                switch reply.then {
                case .secret(let prompt):
                    reply = commands.receiveSecret(LocalTerminal.readSecret(prompt: prompt) ?? "")
                    if !reply.text.isEmpty { writeLine(TerminalText.sanitized(reply.text)) }
                    continue
                case .paste:
                    reply = commands.receivePaste(LocalTerminal.readPaste())
                    writeLine(TerminalText.sanitized(reply.text))
                    continue
                case .monitor, .logOut, .command:
                    break
                case .receiveFile, .sendFile:
                    writeLine("files go over a --console line (ZMODEM); this terminal cannot take one")
                    reply = .init(text: "")
                    continue
                }
                FileHandle.standardOutput.write(Data(commands.prompt.utf8))
                guard let input = readLine() else {
                    // Stdin closed (a service with no terminal): the device consoles, if any, go on.
                    if !hasDeviceConsoles { finished.signal() }
                    return
                }
                reply = commands.execute(input)
                if reply.then == .monitor { reply.text = "monitor runs on --console sessions; here, 'show channels' and 'show queues'" }
                if !reply.text.isEmpty { writeLine(TerminalText.sanitized(reply.text)) }
                if reply.quits { break }
            }
            finished.signal()
        }
        console.name = "console"
        console.start()
        finished.wait()
        live.shutDown(grace: shutdownGrace)
        logger.info("stopped; every call is recorded in \(database)")
    }

    /// A console session on `device`, on a thread of its own, for as long as the run lasts;
    /// when the line closes (a pty's other side went away) it waits and listens again.
    private static func serve(_ device: TerminalDevice, live: LiveAppliance, services: ConsoleServices, logger: Logger) {
        let thread = Thread {
            var current = device
            while true {
                let session = ConsoleSession(name: current.path, input: current.descriptor, output: current.descriptor,
                                             backend: live, services: services, requiresLogin: true)
                let token = live.addNewsListener { session.announce($0) }
                session.run()
                live.removeNewsListener(token)
                logger.notice("console \(current.path): the line closed; listening again")
                while true {
                    Thread.sleep(forTimeInterval: 1)
                    if let reopened = try? TerminalDevice(path: current.path) {
                        current = reopened
                        break
                    }
                }
            }
        }
        thread.name = "console \(device.path)"
        thread.start()
    }

    /// What the kernel has of the board's devices, for `show board`: its sound cards
    /// (/proc/asound/cards) and GPIO chips (/dev/gpiochip*).
    private static func kernelDevices() -> [String] {
        var lines: [String] = []
        if let cards = try? String(contentsOfFile: "/proc/asound/cards", encoding: .utf8) {
            let names = cards.split(separator: "\n").filter { $0.first == " " && $0.contains("[") }
                .map { $0.trimmingCharacters(in: .whitespaces) }
            lines.append("sound cards: " + (names.isEmpty ? "none" : names.joined(separator: "; ")))
        }
        let chips = ((try? FileManager.default.contentsOfDirectory(atPath: "/dev")) ?? []).filter { $0.hasPrefix("gpiochip") }.sorted()
        lines.append("GPIO chips: " + (chips.isEmpty ? "none" : chips.map { "/dev/" + $0 }.joined(separator: ", ")))
        return lines
    }

    /// The lines `program` prints (on the console thread that asked), or one
    /// line saying why there are none.
    private static func output(of program: String, arguments: [String] = []) -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return ["\(program): \(error.localizedDescription)"]
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        if process.terminationStatus != 0 { lines.append("\(program): exit status \(process.terminationStatus)") }
        return lines
    }

    /// SIGTERM and SIGINT end the run gracefully: the first calls `first`, a second `again`.
    private static func onStopSignal(logger: Logger, first: @escaping @Sendable () -> Void,
                                     again: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        // One serial queue for both signals: the count needs no lock.
        final class Count: @unchecked Sendable { var value = 0 }
        let received = Count()
        let queue = DispatchQueue(label: "attendant.signals")
        return [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                let name = number == SIGTERM ? "SIGTERM" : "SIGINT"
                received.value += 1
                if received.value == 1 {
                    logger.notice("\(name): shutting down")
                    first()
                } else {
                    logger.notice("\(name) again: ending calls now")
                    again()
                }
            }
            source.resume()
            return source
        }
    }
}
