import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The terminal `attendant run` was started on, read a line at a time.
enum LocalTerminal {
    /// A line typed without echo where stdin is a terminal (a pipe has no echo to turn off).
    static func readSecret(prompt: String) -> String? {
        FileHandle.standardOutput.write(Data(prompt.utf8))
        var saved = termios()
        let isTerminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0
        if isTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if isTerminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardOutput.write(Data("\n".utf8))
            }
        }
        return readLine()
    }

    /// Lines up to one holding only "." (or the end of input).
    static func readPaste() -> [String] {
        var lines: [String] = []
        while let line = readLine(), line != "." { lines.append(line) }
        return lines
    }
}
