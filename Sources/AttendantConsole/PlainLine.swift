/// A line typed where the full editor does not belong: a login name (echoed), a
/// password (not echoed, never kept in history), a line of pasted text (tabs and UTF-8
/// kept). Backspace edits, Enter ends it, Ctrl-C drops it.
struct PlainLine {
    enum Event: Equatable {
        case none
        case write(String)
        case submit(String)
        case abort
        /// Longer than any line this accepts: dropped.
        case overflow
    }

    let echoes: Bool
    /// Tabs and bytes above 0x7F kept (pasted configuration), else printable ASCII only.
    let keepsText: Bool
    let maximumLength: Int
    private var bytes: [UInt8] = []
    private var lastWasCR = false

    init(echoes: Bool, keepsText: Bool = false, maximumLength: Int = 256) {
        self.echoes = echoes
        self.keepsText = keepsText
        self.maximumLength = maximumLength
    }

    mutating func feed(_ byte: UInt8) -> Event {
        defer { lastWasCR = byte == 0x0D }
        switch byte {
        case 0x0A where lastWasCR:
            return .none
        case 0x0D, 0x0A:
            let line = String(decoding: bytes, as: UTF8.self)
            bytes = []
            return .submit(line)
        case 0x03:
            bytes = []
            return .abort
        case 0x7F, 0x08:
            guard !bytes.isEmpty else { return .none }
            bytes.removeLast()
            return echoes ? .write("\u{08} \u{08}") : .none
        case 0x20...0x7E, 0x09 where keepsText, 0x80...0xFF where keepsText:
            guard bytes.count < maximumLength else {
                bytes = []
                return .overflow
            }
            bytes.append(byte)
            return echoes && (0x20...0x7E).contains(byte) ? .write(String(UnicodeScalar(byte))) : .none
        default:
            return .none
        }
    }
}
