import AttendantEngine
import AttendantControl
import AttendantRuntime
import AttendantStore
import Foundation

/// Turns one console line into its reply. Knows nothing of the byte stream the line
/// came from (a terminal, a serial port, a test), so every transport shares it.
public final class ConsoleCommands {
    public struct Reply: Sendable, Equatable {
        public var text: String
        public var quits = false
        /// What the session does before the next command.
        public var then: Continuation = .command

        public init(text: String, quits: Bool = false, then: Continuation = .command) {
            self.text = text
            self.quits = quits
            self.then = then
        }
    }

    /// What a file received over the line is for.
    public enum Upload: Sendable, Equatable {
        case prompt(String)
        case backup
    }

    /// What a reply asks of the session.
    public enum Continuation: Sendable, Equatable {
        /// The next line is a command.
        case command
        /// The next line is a secret (not echoed, not kept in history): give it to `receiveSecret`.
        case secret(prompt: String)
        /// Lines up to one holding only "." are a file: give them to `receivePaste`.
        case paste
        /// The live view, refreshed until a key is pressed.
        case monitor
        /// The session ends (the line stays, and asks for a login again).
        case logOut
        /// A file comes over the line with ZMODEM: the session hands the line to `receive`.
        case receiveFile(Upload)
        /// A file goes to the laptop with ZMODEM: the session hands the line to `send`.
        case sendFile(path: String)
    }

    private let backend: ConsoleBackend
    /// The backend, for the commands in other files.
    var backendForCommands: ConsoleBackend { backend }
    let timeFormat: DateFormatter
    /// Who types here: what they may do, and whose name the audit log gives.
    public let who: ConsoleOperator
    let services: ConsoleServices?
    /// The configuration being edited in this session (`configure`), if any.
    var candidate: Candidate?
    /// A secret being asked for, and what to do with it.
    var secretRequest: SecretRequest?
    /// A command that asked "are you sure?": the next line says yes or not.
    var confirmation: Confirmation?

    struct Confirmation {
        var question: String
        var command: String
        var action: () -> Reply
    }

    public init(backend: ConsoleBackend, operator who: ConsoleOperator = .localTerminal, services: ConsoleServices? = nil) {
        self.backend = backend
        self.who = who
        self.services = services
        timeFormat = DateFormatter()
        timeFormat.dateFormat = "yyyy-MM-dd HH:mm:ss"
        timeFormat.timeZone = TimeZone.current
    }

    public static let help = """
        Commands:
          help                      this list
          show channels             what every port is doing now
          show calls [N]            the last N calls (default 10) from the database
          show stats                media loop and queue counters
          show version              versions of Attendant and its libraries; on the board image, both slots
          install BUNDLE            board image: install an update bundle into the other slot and reboot into it
          show board                the board file: its ports, GPIO chip and ALSA devices
          reboot                    board image: restart the board (asks first); calls get the shutdown grace
          show queues               callers waiting, agents logged in and free, per queue
          show agents               every agent's state, since when, and queues
          agent login|logout|unpause N
          agent pause N REASON      change agent N's state, as the star codes on their phone do
          agent listen|whisper|barge N from EXT
                                    the phone on extension EXT (off hook) joins agent N's call
          sim call PORT [NUMBER]    ring PORT from a simulated caller (caller ID NUMBER)
          sim press PORT KEYS       the caller on PORT presses KEYS (sent as DTMF tones)
          sim hangup PORT           the caller on PORT hangs up
          bridge PORT PORT          connect two answered calls: they hear each other
          unbridge PORT             the call on PORT (and one left alone) go back to their menus
          reload                    compile the menu again: new calls take it, calls in progress keep theirs
          schedule NAME open|closed [until HH:MM]
                                    override a schedule now (until that time, else until 'auto')
          schedule NAME auto        the schedule follows its hours again
          record PORT               record the call on PORT from now until it ends
          show recordings [N]       the last N recordings (default 10): call, parties, length, format, size, state
          recording delete ID       delete a recording's file and row
          recording export ID PATH  copy a recording's file to PATH
          recording flag|unflag ID  keep a recording from rotation, or let it go
          recording play ID PORT    play a recording (both sides mixed) to the call on PORT
          show voicemail [BOX]      voicemail messages: box, folder (new, old, saved), caller, time, length
          voicemail pin BOX PIN     set a mailbox's PIN (4-12 digits; only its Argon2id hash is stored)
          voicemail delete ID       delete a message's file and row
          voicemail export ID PATH  copy a message's file to PATH
          voicemail play ID PORT    play a message to the call on PORT
          quit                      stop answering; calls in progress get the grace (--shutdown-grace) to end,
                                    then hear goodbye and are ended; every call is recorded
        """

    /// Every command, as `help` lists them and `?` finds them.
    public static var allHelp: String { help + "\n" + configurationHelp + "\n" + userHelp + "\n" + promptHelp + "\n" + maintenanceHelp }

    /// The prompt: which mode the session is in shows.
    public var prompt: String {
        if let confirmation { return confirmation.question + " (yes/no) " }
        return candidate == nil ? "attendant> " : "attendant(config)> "
    }

    public func execute(_ line: String) -> Reply {
        if let asked = confirmation {
            confirmation = nil
            let reply = line.trimmingCharacters(in: .whitespaces).lowercased() == "yes"
                ? asked.action() : Reply(text: "\(asked.command): cancelled")
            let outcome = reply.text.split(separator: "\n").last(where: { !$0.isEmpty }).map(String.init) ?? "ok"
            services?.access.record(who, action: asked.command + " (confirmed: \(line))", outcome: outcome)
            return reply
        }
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first else { return Reply(text: "") }
        let needed = ConsoleUser.Role.required(for: words)
        guard who.role >= needed else {
            services?.access.record(who, action: line, outcome: "refused: needs \(needed)")
            return Reply(text: "error: '\(first)' needs the \(needed) role; \(who.name) is a \(who.role)")
        }
        let reply = perform(words, line: line)
        if needed > .viewer || first == "password" {
            let outcome = reply.text.split(separator: "\n").last(where: { !$0.isEmpty }).map(String.init) ?? "ok"
            services?.access.record(who, action: Self.auditable(words), outcome: outcome)
        }
        return reply
    }

    /// The command as the audit log keeps it: a PIN typed on the line is not kept.
    static func auditable(_ words: [String]) -> String {
        var words = words
        if words.count >= 4, words[0] == "voicemail", words[1] == "pin" { words[3] = "****" }
        return words.joined(separator: " ")
    }

    private func perform(_ words: [String], line: String) -> Reply {
        let first = words[0]
        if let reply = configurationCommand(words, line: line) ?? userCommand(words) ?? promptCommand(words) ?? maintenanceCommand(words) { return reply }
        switch (first, words.count > 1 ? words[1] : nil) {
        case ("help", _), ("?", _):
            return Reply(text: Self.allHelp)
        case ("quit", _), ("exit", _):
            return Reply(text: "stopping", quits: true)
        case ("logout", _):
            return Reply(text: "logged out", then: .logOut)
        case ("monitor", _):
            return Reply(text: "", then: .monitor)
        case ("show", "channels"):
            return Reply(text: channels())
        case ("show", "calls"):
            let limit = words.count > 2 ? Int(words[2]) : 10
            guard let limit, limit > 0 else { return Reply(text: "error: show calls takes a positive count") }
            return Reply(text: calls(limit: limit))
        case ("show", "version"):
            let lines = backend.versionLines()
            return Reply(text: lines.isEmpty ? "no version information" : lines.joined(separator: "\n"))
        case ("install", _):
            guard words.count == 2 else { return usage("install BUNDLE") }
            return Reply(text: backend.installUpdate(words[1]).joined(separator: "\n"))
        case ("show", "board"):
            let lines = backend.boardLines()
            return Reply(text: lines.isEmpty ? "no board information" : lines.joined(separator: "\n"))
        case ("reboot", _):
            guard words.count == 1 else { return usage("reboot") }
            let calls = backend.channelViews().filter { $0.state != .idle }.count
            confirmation = Confirmation(question: calls == 0 ? "reboot the board?" : "reboot the board? \(calls) port(s) busy: their calls get the shutdown grace, then are ended;",
                                        command: "reboot") { [backend] in
                Reply(text: backend.reboot().joined(separator: "\n"))
            }
            return Reply(text: "")
        case ("show", "stats"):
            return Reply(text: backend.statisticsLines().joined(separator: "\n"))
        case ("show", "queues"):
            return Reply(text: queues())
        case ("show", "agents"):
            return Reply(text: agents())
        case ("agent", _):
            let form = "agent login|logout|unpause N, agent pause N REASON, or agent listen|whisper|barge N from EXT"
            guard words.count >= 3, let number = Int(words[2]) else { return usage(form) }
            let change: AgentChange
            switch (words[1], words.count) {
            case ("listen", 5), ("whisper", 5), ("barge", 5):
                guard words[3] == "from", let supervisor = Int(words[4]) else { return usage(form) }
                let mode: MonitorMode = words[1] == "listen" ? .listen : words[1] == "whisper" ? .whisper : .barge
                change = .monitor(mode, from: supervisor)
            case ("login", 3): change = .logIn
            case ("logout", 3): change = .logOut
            case ("unpause", 3): change = .unpause
            case ("pause", 4...): change = .pause(reason: words[3...].joined(separator: " "))
            default: return usage(form)
            }
            return result(backend.changeAgent(number, change), ok: "agent \(number): \(words[1])")
        case ("sim", "call"):
            guard words.count >= 3, words.count <= 4, let port = port(words[2]) else {
                return usage("sim call PORT [NUMBER]")
            }
            return result(backend.simulateCall(port: port, from: words.count == 4 ? words[3] : nil),
                          ok: "ringing port \(port)")
        case ("sim", "press"):
            guard words.count == 4, let port = port(words[2]) else { return usage("sim press PORT KEYS") }
            return result(backend.simulatePress(port: port, keys: words[3]), ok: "port \(port): pressing \(words[3])")
        case ("bridge", _):
            guard words.count == 3, let a = port(words[1]), let b = port(words[2]) else { return usage("bridge PORT PORT") }
            return result(backend.bridge(a, b), ok: "connecting ports \(a) and \(b)")
        case ("unbridge", _):
            guard words.count == 2, let port = port(words[1]) else { return usage("unbridge PORT") }
            return result(backend.unbridge(port), ok: "port \(port): back to its menu")
        case ("reload", _):
            return Reply(text: backend.reload())
        case ("schedule", _):
            guard words.count >= 3 else { return usage("schedule NAME open|closed|auto [until HH:MM]") }
            let open: Bool?
            switch words[2] {
            case "open": open = true
            case "closed": open = false
            case "auto": open = nil
            default: return usage("schedule NAME open|closed|auto [until HH:MM]")
            }
            var until: (hour: Int, minute: Int)?
            if words.count == 5, words[3] == "until" {
                let parts = words[4].split(separator: ":").compactMap { Int($0) }
                guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else {
                    return Reply(text: "error: a time is HH:MM, as in 14:00")
                }
                until = (parts[0], parts[1])
            } else if words.count != 3 {
                return usage("schedule NAME open|closed|auto [until HH:MM]")
            }
            let description = open.map { $0 ? "open" : "closed" }.map { "\($0)\(until.map { String(format: " until %02d:%02d", $0.hour, $0.minute) } ?? "")" }
                ?? "following its hours"
            return result(backend.overrideSchedule(words[1], open: open, until: until), ok: "schedule \(words[1]): \(description)")
        case ("show", "voicemail"), ("voicemail", _):
            return voicemailCommand(words)
        case ("show", "recordings"), ("recording", _), ("record", _):
            return recordingCommand(words)
        case ("sim", "hangup"):
            guard words.count == 3, let port = port(words[2]) else { return usage("sim hangup PORT") }
            return result(backend.simulateHangUp(port: port), ok: "port \(port): caller hung up")
        default:
            return Reply(text: "error: unknown command '\(line.trimmingCharacters(in: .whitespaces))' (type 'help')")
        }
    }

    func port(_ text: String) -> Int? {
        guard let port = Int(text), (1...backend.portCount).contains(port) else { return nil }
        return port
    }

    func usage(_ form: String) -> Reply {
        Reply(text: "error: usage: \(form) (ports 1-\(backend.portCount))")
    }

    func result(_ error: String?, ok: String) -> Reply {
        Reply(text: error.map { "error: \($0)" } ?? ok)
    }

    func channels() -> String {
        var lines = ["PORT  STATE     CALLER        MENU          PLAYING            KEYS    VERSION           SINCE"]
        for view in backend.channelViews() {
            lines.append([
                String(view.port).padding(6),
                view.state.rawValue.padding(10),
                (view.callerNumber ?? "-").padding(14),
                (view.menu ?? "-").padding(14),
                (view.prompt ?? "-").padding(19),
                (view.keys.isEmpty ? "-" : view.keys).padding(8),
                (view.version ?? "-").padding(18),
                view.since.map(timeFormat.string(from:)) ?? "-",
            ].joined())
        }
        return lines.joined(separator: "\n")
    }

    func queues() -> String {
        let views = backend.queueViews()
        guard !views.isEmpty else { return "no queues: the menu declares none" }
        var lines = ["QUEUE         STRATEGY            WAITING  LONGEST  LOGGED IN  FREE  HANDLED"]
        for view in views {
            lines.append([
                view.name.padding(14), view.strategy.padding(20), String(view.waiting).padding(9),
                Self.minutes(view.longestWaitSeconds).padding(9), String(view.loggedIn).padding(11),
                String(view.available).padding(6), String(view.handled),
            ].joined())
        }
        return lines.joined(separator: "\n")
    }

    private func agents() -> String {
        let views = backend.agentViews()
        guard !views.isEmpty else { return "no agents: the menu declares no queues" }
        var lines = ["AGENT  STATE                          FOR      CALLS  RECORDED   QUEUES"]
        for view in views {
            lines.append([
                String(view.number).padding(7), view.state.description.padding(31),
                Self.minutes(view.seconds).padding(9), String(view.callsToday).padding(7),
                view.recording.rawValue.padding(11), view.queues.joined(separator: ", "),
            ].joined())
        }
        return lines.joined(separator: "\n")
    }

    private static func minutes(_ seconds: Double) -> String {
        String(format: "%d:%02d", Int(seconds) / 60, Int(seconds) % 60)
    }

    private func calls(limit: Int) -> String {
        let records: [CallRecord]
        do {
            records = try backend.recentCalls(limit: limit)
        } catch {
            return "error: cannot read calls: \(error)"
        }
        guard !records.isEmpty else { return "no calls yet" }
        var lines = ["ENDED                PORT  CALLER        SECS   KEYS    DISPOSITION      PATH"]
        for record in records {
            lines.append([
                timeFormat.string(from: record.endedAt).padding(21),
                String(record.port).padding(6),
                (record.callerNumber ?? "-").padding(14),
                String(format: "%.1f", record.durationSeconds).padding(7),
                (record.keys.isEmpty ? "-" : record.keys).padding(8),
                record.disposition.rawValue.padding(17),
                record.menuPath.joined(separator: " > "),
            ].joined())
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
