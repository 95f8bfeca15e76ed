#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One console session on a byte stream (a serial port, a pty): a prompt, line editing
/// with history, Tab completion, `?` help, `--More--` paging, and the appliance's news
/// between commands. Everything written is made safe for the terminal. It runs on a
/// thread of its own; news arrive from the control thread, so writes are locked.
public final class ConsoleSession: @unchecked Sendable {
    public static let prompt = "attendant> "
    /// Lines a page shows before `--More--` (an 80×24 screen keeps one for the prompt).
    static let pageLines = 23

    private let name: String
    private let input: Int32
    private let output: Int32
    private let commands: ConsoleCommands
    private let backend: ConsoleBackend
    private let writeLock = NSLock()
    private var editor = LineEditor()
    /// Lines of a long reply still to show, while `--More--` waits for a key.
    private var pending: [String] = []

    /// - Parameters:
    ///   - input, output: open file descriptors of the stream; the session does not close them.
    public init(name: String, input: Int32, output: Int32, backend: ConsoleBackend) {
        self.name = name
        self.input = input
        self.output = output
        self.backend = backend
        commands = ConsoleCommands(backend: backend)
    }

    /// Reads and answers until the stream ends (or fails). `quit` on a session ends the
    /// session, not the appliance: the line stays open for the next one.
    public func run() {
        greet()
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            receive(buffer[0..<count])
        }
    }

    /// Bytes typed on the terminal (what `run` reads; tests may hand them in directly).
    public func receive(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { handle(byte) }
    }

    /// The banner and the first prompt (what `run` writes first).
    public func greet() {
        write("\r\nAttendant console on \(name). Type 'help', or '?' for the commands that fit.\r\n" + Self.prompt, raw: true)
    }

    /// Appliance news ("port 1: caller hears welcome"), written above the line being typed.
    public func announce(_ news: String) {
        writeLock.withLock {
            guard pending.isEmpty else { return }  // not in the middle of a page
            put("\r\u{1B}[K" + TerminalText.forRawTerminal(news) + "\r\n" + editor.redraw(prompt: Self.prompt))
        }
    }

    func handle(_ byte: UInt8) {
        if !pending.isEmpty {
            page(key: byte)
            return
        }
        for action in editor.feed(byte) {
            switch action {
            case .write(let text):
                write(text, raw: true)
            case .abort:
                write(Self.prompt, raw: true)
            case .submit(let line):
                answer(line)
            case .complete(let typed):
                complete(typed)
            case .help(let typed):
                let text = ConsoleCompletion.help(for: typed.hasSuffix("?") ? String(typed.dropLast()) : typed,
                                                  in: ConsoleCommands.help)
                show(text)
            }
        }
    }

    private func answer(_ line: String) {
        let reply = commands.execute(line)
        if reply.quits {
            write("session ended\r\n", raw: true)
            editor = LineEditor()
            write("\r\nAttendant console on \(name). Type 'help'.\r\n" + Self.prompt, raw: true)
            return
        }
        show(reply.text)
    }

    /// A reply, a page at a time.
    private func show(_ text: String) {
        var lines = text.isEmpty ? [] : TerminalText.sanitized(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count > Self.pageLines {
            pending = Array(lines[Self.pageLines...])
            lines = Array(lines[..<Self.pageLines])
            write(lines.joined(separator: "\r\n") + "\r\n--More--", raw: true)
            return
        }
        write(lines.map { $0 + "\r\n" }.joined() + editor.redraw(prompt: Self.prompt), raw: true)
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
        text += pending.isEmpty ? editor.redraw(prompt: Self.prompt) : "--More--"
        write(text, raw: true)
    }

    private func complete(_ typed: String) {
        let completion = ConsoleCompletion(agents: backend.agentViews().map { String($0.number) },
                                           ports: (1...max(1, backend.portCount)).map(String.init))
        let (text, choices) = completion.complete(typed)
        if !choices.isEmpty {
            write("\r\n" + choices.joined(separator: "  ") + "\r\n" + editor.redraw(prompt: Self.prompt), raw: true)
        } else if text != typed {
            for case .write(let redraw) in editor.replaceLine(with: text) { write(redraw, raw: true) }
        } else {
            write("\u{07}", raw: true)
        }
    }

    /// `raw`: text the session made itself (escapes included on purpose); anything else is sanitized.
    private func write(_ text: String, raw: Bool) {
        writeLock.withLock { put(raw ? text : TerminalText.forRawTerminal(text)) }
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
