#if canImport(Glibc)
import Glibc
#endif
import AttendantStore
import Foundation

/// One console session on a byte stream (a serial port, a pty): a login, a prompt,
/// line editing with history, Tab completion, `?` help, `--More--` paging, a live
/// monitor, and the appliance's news between commands. Everything written is made
/// safe for the terminal. It runs on a thread of its own; news arrive from other
/// threads, so writes and state are locked.
public final class ConsoleSession: @unchecked Sendable {
    public static let prompt = "attendant> "
    /// Lines a page shows before `--More--` (an 80×24 screen keeps one for the prompt).
    static let pageLines = 23
    /// Pasted configuration larger than this is refused (a runaway sender, not a menu).
    static let maximumPastedLines = 20_000

    enum Mode {
        /// Asking for a name (nil) or the password of one.
        case login(name: String?)
        /// No users yet: making the first admin, name first.
        case firstAdmin(name: String?)
        case command
        case secret(prompt: String)
        case paste([String])
        case monitor
    }

    private let name: String
    private let input: Int32
    private let output: Int32
    private let backend: ConsoleBackend
    private let services: ConsoleServices?
    private let requiresLogin: Bool
    private let lock = NSLock()
    private var commands: ConsoleCommands
    private var mode: Mode
    private var editor = LineEditor()
    private var plain = PlainLine(echoes: true)
    /// Lines of a long reply still to show, while `--More--` waits for a key.
    private var pending: [String] = []
    private var lastInput: Date

    /// - Parameters:
    ///   - input, output: open file descriptors of the stream; the session does not close them.
    ///   - services: users and configuration history; with `requiresLogin`, nothing but a
    ///     login is possible until one succeeds.
    ///   - operator: who types here when no login is asked for.
    public init(name: String, input: Int32, output: Int32, backend: ConsoleBackend,
                services: ConsoleServices? = nil, requiresLogin: Bool = false,
                operator who: ConsoleOperator? = nil) {
        self.name = name
        self.input = input
        self.output = output
        self.backend = backend
        self.services = services
        self.requiresLogin = requiresLogin && services != nil
        let first = who ?? ConsoleOperator(name: "local", role: .admin, console: name)
        commands = ConsoleCommands(backend: backend, operator: first, services: services)
        mode = .command
        lastInput = services?.access.currentDate ?? Date()
        if self.requiresLogin { mode = Self.loginMode(services!) }
    }

    private static func loginMode(_ services: ConsoleServices) -> Mode {
        services.access.hasUsers ? .login(name: nil) : .firstAdmin(name: nil)
    }

    /// Reads and answers until the stream ends (or fails). A second a poll: the monitor
    /// refreshes and an idle session is logged out. `quit` ends a session, not the appliance.
    public func run() {
        greet()
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            var poller = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 1000)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 {
                tick()
                continue
            }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            receive(buffer[0..<count])
        }
    }

    /// Bytes typed on the terminal (what `run` reads; tests may hand them in directly).
    public func receive(_ bytes: some Sequence<UInt8>) {
        lock.withLock {
            lastInput = services?.access.currentDate ?? Date()
            for byte in bytes { handle(byte) }
        }
    }

    /// The banner and the first prompt (what `run` writes first).
    public func greet() {
        lock.withLock {
            put("\r\nAttendant console on \(name).")
            switch mode {
            case .firstAdmin:
                put("\r\nNo console users yet: make the first admin now (or type 'user add NAME admin' on the terminal "
                    + "attendant run was started on).\r\nnew admin's name: ")
            case .login:
                put("\r\nlogin: ")
            default:
                put(" Type 'help', or '?' for the commands that fit.\r\n" + commands.prompt)
            }
        }
    }

    /// Appliance news ("port 1: caller hears welcome"), written above the line being typed;
    /// only at the prompt of a logged-in session.
    /// A session that is busy (a ZMODEM transfer, the delay after a failed login) misses
    /// the news rather than holding up the thread that sends them.
    public func announce(_ news: String) {
        guard lock.try() else { return }
        defer { lock.unlock() }
        guard case .command = mode, pending.isEmpty else { return }
        put("\r\u{1B}[K" + TerminalText.forRawTerminal(news) + "\r\n" + editor.redraw(prompt: commands.prompt))
    }

    /// Once a second (and from tests, with the access policy's clock): refreshes the
    /// monitor, logs out a session idle too long.
    public func tick() {
        lock.withLock {
            if case .monitor = mode { put(monitorScreen(clear: false)) }
            guard requiresLogin, let access = services?.access else { return }
            switch mode {
            case .login, .firstAdmin: return
            default: break
            }
            let idle = access.currentDate.timeIntervalSince(lastInput)
            guard idle >= access.policy.idleLogoutSeconds else { return }
            access.record(commands.who, action: "logout", outcome: "idle for \(Int(idle)) s")
            put("\r\n\u{1B}[Kidle for \(Int(idle / 60)) minutes: logged out\r\n")
            endSession()
        }
    }

    /// Whether a login is needed before commands (tests look).
    public var isLoggedIn: Bool {
        lock.withLock {
            switch mode {
            case .login, .firstAdmin: false
            default: true
            }
        }
    }

    // MARK: - Bytes, by mode (the lock is held)

    private func handle(_ byte: UInt8) {
        if !pending.isEmpty {
            page(key: byte)
            return
        }
        switch mode {
        case .command: edit(byte)
        case .login(let user): loginByte(byte, user: user)
        case .firstAdmin(let user): firstAdminByte(byte, user: user)
        case .secret: secretByte(byte)
        case .paste(let lines): pasteByte(byte, lines: lines)
        case .monitor:
            mode = .command
            put("\r\n" + editor.redraw(prompt: commands.prompt))
        }
    }

    private func edit(_ byte: UInt8) {
        for action in editor.feed(byte) {
            switch action {
            case .write(let text):
                put(text)
            case .abort:
                put(commands.prompt)
            case .submit(let line):
                answer(line)
            case .complete(let typed):
                complete(typed)
            case .help(let typed):
                show(ConsoleCompletion.help(for: typed.hasSuffix("?") ? String(typed.dropLast()) : typed,
                                            in: ConsoleCommands.allHelp))
            }
        }
    }

    private func loginByte(_ byte: UInt8, user: String?) {
        switch plain.feed(byte) {
        case .write(let text): put(text)
        case .abort, .overflow:
            plain = PlainLine(echoes: true)
            mode = .login(name: nil)
            put("\r\nlogin: ")
        case .submit(let text):
            guard let user else {
                let typed = text.trimmingCharacters(in: .whitespaces)
                guard !typed.isEmpty else { return put("\r\nlogin: ") }
                mode = .login(name: typed)
                plain = PlainLine(echoes: false)
                return put("\r\npassword: ")
            }
            plain = PlainLine(echoes: true)
            guard let services else { return }
            switch services.access.logIn(name: user, password: text, console: name) {
            case .welcome(let who):
                commands = ConsoleCommands(backend: backend, operator: who, services: services)
                editor = LineEditor()
                mode = .command
                put("\r\nwelcome, \(who.name) (\(who.role)). Type 'help', or '?' for the commands that fit.\r\n" + commands.prompt)
            case .refused(let why):
                // Slows guessing down; the lock keeps this session's news and bytes waiting meanwhile.
                Thread.sleep(forTimeInterval: services.access.policy.failureDelay)
                mode = .login(name: nil)
                put("\r\n\(why)\r\nlogin: ")
            }
        case .none: break
        }
    }

    private func firstAdminByte(_ byte: UInt8, user: String?) {
        switch plain.feed(byte) {
        case .write(let text): put(text)
        case .abort, .overflow:
            plain = PlainLine(echoes: true)
            mode = .firstAdmin(name: nil)
            put("\r\nnew admin's name: ")
        case .submit(let text):
            guard let services else { return }
            guard services.access.hasUsers == false else {
                // Someone else made one meanwhile: log in as everybody does.
                mode = .login(name: nil)
                plain = PlainLine(echoes: true)
                return put("\r\nusers exist now\r\nlogin: ")
            }
            guard let user else {
                let typed = text.trimmingCharacters(in: .whitespaces)
                guard ConsoleCommands.isValidUserName(typed) else {
                    return put("\r\na user name is 1-32 letters, digits, '.', '-' or '_'\r\nnew admin's name: ")
                }
                let who = ConsoleOperator(name: typed, role: .admin, console: name)
                commands = ConsoleCommands(backend: backend, operator: who, services: services)
                let reply = commands.execute("user add \(typed) admin")
                mode = .firstAdmin(name: typed)
                plain = PlainLine(echoes: false)
                if case .secret(let prompt) = reply.then { put("\r\n" + prompt) }
                return
            }
            let reply = commands.receiveSecret(text)
            if case .secret(let prompt) = reply.then {
                put("\r\n" + prompt)
            } else if services.access.hasUsers {
                editor = LineEditor()
                mode = .command
                put("\r\n" + reply.text + "\r\nwelcome, \(user) (admin). Type 'help'.\r\n" + commands.prompt)
            } else {
                mode = .firstAdmin(name: nil)
                plain = PlainLine(echoes: true)
                put("\r\n" + TerminalText.sanitized(reply.text) + "\r\nnew admin's name: ")
            }
        case .none: break
        }
    }

    private func secretByte(_ byte: UInt8) {
        switch plain.feed(byte) {
        case .submit(let text):
            put("\r\n")
            deliver(commands.receiveSecret(text))
        case .abort, .overflow:
            _ = commands.receiveSecret("")  // drops the request: too short
            mode = .command
            put("^C\r\nnothing changed\r\n" + commands.prompt)
        case .write, .none: break
        }
    }

    private func pasteByte(_ byte: UInt8, lines: [String]) {
        switch plain.feed(byte) {
        case .submit(let text):
            guard text != "." else {
                mode = .command
                return deliver(commands.receivePaste(lines))
            }
            guard lines.count < Self.maximumPastedLines else {
                mode = .command
                return put("\r\nerror: more than \(Self.maximumPastedLines) lines: paste dropped\r\n" + commands.prompt)
            }
            mode = .paste(lines + [text])
            put(TerminalText.forRawTerminal(text) + "\r\n")
        case .abort:
            mode = .command
            put("^C\r\npaste dropped; the candidate is as it was\r\n" + commands.prompt)
        case .overflow:
            mode = .command
            put("\r\nerror: a pasted line is longer than \(plain.maximumLength) bytes: paste dropped\r\n" + commands.prompt)
        case .write, .none: break
        }
    }

    // MARK: - Replies

    private func answer(_ line: String) {
        let reply = commands.execute(line)
        if reply.quits {
            put("session ended\r\n")
            return endSession()
        }
        deliver(reply)
    }

    /// Shows a reply and moves to the mode it asks for.
    private func deliver(_ reply: ConsoleCommands.Reply) {
        switch reply.then {
        case .command:
            mode = .command
            show(reply.text)
        case .secret(let prompt):
            if !reply.text.isEmpty { put(TerminalText.sanitized(reply.text).replacingOccurrences(of: "\n", with: "\r\n") + "\r\n") }
            mode = .secret(prompt: prompt)
            plain = PlainLine(echoes: false)
            put(prompt)
        case .paste:
            put(TerminalText.sanitized(reply.text) + "\r\n")
            mode = .paste([])
            plain = PlainLine(echoes: false, keepsText: true, maximumLength: 4096)
        case .monitor:
            mode = .monitor
            put(monitorScreen(clear: true))
        case .logOut:
            put(reply.text + "\r\n")
            endSession()
        case .receiveFile(let upload):
            put(TerminalText.sanitized(reply.text) + "\r\n")
            mode = .command
            // The line is rz's until it ends; bytes it leaves behind are not commands.
            let outcome = commands.receive(upload, on: input)
            awaitQuietLine()
            deliver(outcome)
        case .sendFile(let path):
            put(TerminalText.sanitized(reply.text) + "\r\n")
            mode = .command
            let outcome = commands.send(path, on: input)
            awaitQuietLine()
            deliver(outcome)
        }
    }

    /// After a transfer, the laptop's end of it may still be saying goodbye: what it
    /// sends is not commands.
    private func awaitQuietLine() { ZmodemTransfer.awaitQuiet(input) }

    /// Back to the login (or the banner, where no login is asked): the candidate goes.
    private func endSession() {
        editor = LineEditor()
        plain = PlainLine(echoes: true)
        pending = []
        if requiresLogin, let services {
            commands = ConsoleCommands(backend: backend, operator: ConsoleOperator(name: "-", role: .viewer, console: name),
                                       services: services)
            mode = Self.loginMode(services)
            put("\r\nAttendant console on \(name).\r\n" + (services.access.hasUsers ? "login: " : "new admin's name: "))
        } else {
            commands = ConsoleCommands(backend: backend, operator: commands.who, services: services)
            mode = .command
            put("\r\nAttendant console on \(name). Type 'help'.\r\n" + commands.prompt)
        }
    }

    /// A reply, a page at a time.
    private func show(_ text: String) {
        var lines = text.isEmpty ? [] : TerminalText.sanitized(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count > Self.pageLines {
            pending = Array(lines[Self.pageLines...])
            lines = Array(lines[..<Self.pageLines])
            put(lines.joined(separator: "\r\n") + "\r\n--More--")
            return
        }
        put(lines.map { $0 + "\r\n" }.joined() + editor.redraw(prompt: commands.prompt))
    }

    /// At `--More--`: space shows a page, Enter a line, q or Ctrl-C stops.
    private func page(key: UInt8) {
        let count: Int
        switch key {
        case UInt8(ascii: " "): count = Self.pageLines
        case 0x0D, 0x0A: count = 1
        case UInt8(ascii: "q"), UInt8(ascii: "Q"), 0x03: count = 0
        default: return
        }
        let shown = Array(pending.prefix(count))
        pending.removeFirst(shown.count)
        if count == 0 { pending = [] }
        var text = "\r\u{1B}[K" + shown.map { $0 + "\r\n" }.joined()
        text += pending.isEmpty ? editor.redraw(prompt: commands.prompt) : "--More--"
        put(text)
    }

    private func complete(_ typed: String) {
        var completion = ConsoleCompletion(agents: backend.agentViews().map { String($0.number) },
                                           ports: (1...max(1, backend.portCount)).map(String.init))
        completion.users = ((try? services?.access.users()) ?? []).map(\.name)
        let (text, choices) = completion.complete(typed)
        if !choices.isEmpty {
            put("\r\n" + choices.joined(separator: "  ") + "\r\n" + editor.redraw(prompt: commands.prompt))
        } else if text != typed {
            for case .write(let redraw) in editor.replaceLine(with: text) { put(redraw) }
        } else {
            put("\u{07}")
        }
    }

    /// The monitor: one 80×24 screen, drawn over itself each second.
    private func monitorScreen(clear: Bool) -> String {
        let time = DateFormatter.localizedString(from: Date(), dateStyle: .none, timeStyle: .medium)
        var lines = ["Attendant monitor on \(name)   \(time)   (any key returns)", ""]
        lines += commands.channels().split(separator: "\n").map(String.init)
        lines.append("")
        lines += commands.queues().split(separator: "\n").map(String.init)
        lines.append("")
        lines += backend.statisticsLines().prefix(6)
        let screen = lines.prefix(Self.pageLines).map { line in
            TerminalText.sanitized(String(line.prefix(79))) + "\u{1B}[K"
        }
        return (clear ? "\u{1B}[H\u{1B}[2J" : "\u{1B}[H") + screen.joined(separator: "\r\n") + "\u{1B}[J"
    }

    private func put(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(output, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
