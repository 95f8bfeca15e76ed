#if canImport(Glibc)
import Glibc
#endif

/// A serial port or pty opened for a console session: raw mode (no echo, no line
/// buffering, no signals or CR/LF rewriting by the kernel: the session does all of it),
/// 115200 8N1 without flow control, as the board's debug UART is wired. One owner of
/// the descriptor; it is closed on deinit.
public final class TerminalDevice: Sendable {
    public struct OpenError: Error, CustomStringConvertible {
        public var path: String
        public var step: String
        public var code: Int32
        public var description: String { "\(path): \(step): \(String(cString: strerror(code)))" }
    }

    public let path: String
    public let descriptor: Int32

    public init(path: String, baud: speed_t = speed_t(B115200)) throws(OpenError) {
        self.path = path
        let descriptor = open(path, O_RDWR | O_NOCTTY)
        guard descriptor >= 0 else { throw OpenError(path: path, step: "open", code: errno) }
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else {
            let code = errno
            close(descriptor)
            throw OpenError(path: path, step: "not a terminal (tcgetattr)", code: code)
        }
        cfmakeraw(&settings)
        cfsetispeed(&settings, baud)
        cfsetospeed(&settings, baud)
        settings.c_cflag |= tcflag_t(CLOCAL) | tcflag_t(CREAD) | tcflag_t(CS8)
        settings.c_cflag &= ~(tcflag_t(PARENB) | tcflag_t(CSTOPB) | tcflag_t(CRTSCTS))
        settings.c_iflag &= ~(tcflag_t(IXON) | tcflag_t(IXOFF) | tcflag_t(IXANY))
        // Blocking reads of at least one byte.
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(descriptor, TCSANOW, &settings) == 0 else {
            let code = errno
            close(descriptor)
            throw OpenError(path: path, step: "tcsetattr", code: code)
        }
        self.descriptor = descriptor
    }

    deinit {
        // Closing a tty waits for unsent output to drain; with nobody on the other end
        // (a pty whose laptop side went away) that is for ever. Drop it instead.
        tcflush(descriptor, TCIOFLUSH)
        close(descriptor)
    }
}
