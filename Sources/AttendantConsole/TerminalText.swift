/// Text on its way to a terminal. A serial console must never pass on control bytes it
/// did not make itself: pasted garbage or a caller's odd caller ID could otherwise move
/// the cursor, change the character set or reprogram the administrator's terminal.
public enum TerminalText {
    /// `text` with every control character made visible: `^[` for ESC, `^?` for DEL,
    /// `^X` for the other C0 controls, `<U+0085>` for C1 ones. Newlines and tabs stay.
    public static func sanitized(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x09:
                result.unicodeScalars.append(scalar)
            case 0x00..<0x20:
                result += "^" + String(UnicodeScalar(UInt8(scalar.value) + 0x40))
            case 0x7F:
                result += "^?"
            case 0x80..<0xA0:
                result += "<U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4) + ">"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Sanitized, with every line ending as a raw-mode terminal needs it (CR LF).
    public static func forRawTerminal(_ text: String) -> String {
        sanitized(text).replacingOccurrences(of: "\n", with: "\r\n")
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
