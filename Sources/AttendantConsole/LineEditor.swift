/// The line a console user types, byte by byte from a raw terminal: printable ASCII
/// is inserted at the cursor, and the keys a VT100 sends edit it. Anything else is
/// refused with a bell, so no byte a user (or line noise) sends reaches the screen
/// unescaped. Pure state: the session writes what it returns.
public struct LineEditor {
    /// What a byte led to, for the session to act on.
    public enum Action: Equatable {
        /// Bytes to write to the terminal (echo, redraw, bell).
        case write(String)
        /// Enter: the line is done.
        case submit(String)
        /// Ctrl-C: the line is dropped.
        case abort
        /// Tab: complete the word before the cursor.
        case complete(String)
        /// `?`: context help for the line so far.
        case help(String)
    }

    public static let maximumLength = 256
    static let historyCapacity = 50

    public private(set) var line: [UInt8] = []
    public private(set) var cursor = 0
    private(set) var history: [[UInt8]] = []
    private var historyIndex = 0
    /// Bytes of an escape sequence seen so far (ESC, then `[` or `O`, then parameters).
    private var escape: [UInt8] = []
    private var lastWasCR = false

    public init() {}

    public var text: String { String(decoding: line, as: UTF8.self) }

    public mutating func feed(_ byte: UInt8) -> [Action] {
        defer { if byte != 0x0D { lastWasCR = false } }
        if !escape.isEmpty { return continueEscape(byte) }
        switch byte {
        case 0x0D, 0x0A:
            if byte == 0x0A && lastWasCR { return [] }  // CR LF is one Enter
            lastWasCR = byte == 0x0D
            let submitted = text
            if !line.isEmpty && history.last != line {
                history.append(line)
                if history.count > Self.historyCapacity { history.removeFirst() }
            }
            historyIndex = history.count
            line = []
            cursor = 0
            return [.write("\r\n"), .submit(submitted)]
        case 0x03:
            line = []
            cursor = 0
            historyIndex = history.count
            return [.write("^C\r\n"), .abort]
        case 0x7F, 0x08:
            guard cursor > 0 else { return [.write("\u{07}")] }
            line.remove(at: cursor - 1)
            cursor -= 1
            return [.write("\u{08}" + tail() + " " + String(repeating: "\u{08}", count: line.count - cursor + 1))]
        case 0x15:  // Ctrl-U: the whole line
            return replaceLine(with: [])
        case 0x01: return moveCursor(to: 0)     // Ctrl-A
        case 0x05: return moveCursor(to: line.count)  // Ctrl-E
        case 0x09:
            return [.complete(String(decoding: line[..<cursor], as: UTF8.self))]
        case 0x3F where cursor == line.count:
            return [.write("?\r\n"), .help(text)]
        case 0x1B:
            escape = [byte]
            return []
        case 0x20...0x7E:
            guard line.count < Self.maximumLength else { return [.write("\u{07}")] }
            line.insert(byte, at: cursor)
            cursor += 1
            let rest = tail()
            return [.write(String(UnicodeScalar(byte)) + rest + String(repeating: "\u{08}", count: rest.count))]
        default:
            return [.write("\u{07}")]
        }
    }

    /// Puts completed text in place of the line (after Tab) and redraws it.
    public mutating func replaceLine(with text: String) -> [Action] {
        replaceLine(with: Array(text.utf8.prefix(Self.maximumLength)).filter { (0x20...0x7E).contains($0) })
    }

    /// What to write to show the prompt and the line again after other output.
    public func redraw(prompt: String) -> String {
        prompt + text + String(repeating: "\u{08}", count: line.count - cursor)
    }

    private func tail() -> String { String(decoding: line[cursor...], as: UTF8.self) }

    private mutating func continueEscape(_ byte: UInt8) -> [Action] {
        escape.append(byte)
        if escape.count == 2 {
            // ESC [ and ESC O start sequences; any other byte after ESC ends a two-byte one.
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O") { return [] }
            escape = []
            return [.write("\u{07}")]
        }
        guard (0x40...0x7E).contains(byte) else {
            // Parameters; a sequence longer than any key sends is noise: drop it.
            if escape.count > 16 { escape = [] }
            return []
        }
        let sequence = escape
        escape = []
        guard sequence.count == 3 else { return [.write("\u{07}")] }  // keys with parameters: not ours
        switch byte {
        case UInt8(ascii: "A"): return recall(-1)
        case UInt8(ascii: "B"): return recall(1)
        case UInt8(ascii: "C"): return moveCursor(to: cursor + 1)
        case UInt8(ascii: "D"): return moveCursor(to: cursor - 1)
        case UInt8(ascii: "H"): return moveCursor(to: 0)
        case UInt8(ascii: "F"): return moveCursor(to: line.count)
        default: return [.write("\u{07}")]
        }
    }

    private mutating func recall(_ step: Int) -> [Action] {
        let index = historyIndex + step
        guard index >= 0, index <= history.count else { return [.write("\u{07}")] }
        historyIndex = index
        return replaceLine(with: index == history.count ? [] : history[index])
    }

    private mutating func moveCursor(to position: Int) -> [Action] {
        guard position >= 0, position <= line.count else { return [.write("\u{07}")] }
        defer { cursor = position }
        if position < cursor { return [.write(String(repeating: "\u{08}", count: cursor - position))] }
        return [.write(String(decoding: line[cursor..<position], as: UTF8.self))]
    }

    private mutating func replaceLine(with bytes: [UInt8]) -> [Action] {
        // Back to the start, the new text, then blanks over what is left of the old.
        let back = String(repeating: "\u{08}", count: cursor)
        let old = line.count
        line = bytes
        cursor = bytes.count
        let blanks = max(0, old - bytes.count)
        return [.write(back + text + String(repeating: " ", count: blanks) + String(repeating: "\u{08}", count: blanks))]
    }
}
