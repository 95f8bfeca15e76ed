#if canImport(Glibc)
import Glibc
#endif
import CAttendantLinux
import Foundation

/// Files over the console line with ZMODEM, by lrzsz on the board: `rz` receives what
/// the laptop's `sz` sends (picocom: C-a C-s), `sz` sends what the laptop's `rz`
/// receives (picocom: C-a C-r). The session's thread waits meanwhile: the line is
/// theirs until they end.
public enum ZmodemTransfer {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Receives one file into a fresh folder inside `folder`; returns its path.
    public static func receive(on descriptor: Int32, into folder: String, seconds: Double = 120) throws -> String {
        let staging = folder + "/.incoming-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let log = staging + ".log"
        defer { unlink(log) }
        // --binary: no newline conversion; --restricted: no paths outside the folder.
        let status = runOnLine(["rz", "--binary", "--restricted"], in: staging, terminal: descriptor, log: log, seconds: seconds)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).filter { !$0.hasPrefix(".") }
        guard status == 0, files.count == 1 else {
            try? FileManager.default.removeItem(atPath: staging)
            throw Failure(description: "no file arrived (rz: \(lastLine(of: log) ?? "exit \(status)"))")
        }
        return staging + "/" + files[0]
    }

    /// Sends `path` to the laptop.
    public static func send(_ path: String, on descriptor: Int32, seconds: Double = 300) throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-sz-\(UUID().uuidString)").path
        defer { unlink(log) }
        let folder = (path as NSString).deletingLastPathComponent
        // sz waits for the receiver's last word after the file is acknowledged, and a
        // receiver that has already exited (picocom's rz) leaves it waiting 30 s or more:
        // once sz says the transfer is complete, it has what it needs.
        let status = runOnLine(["sz", "--binary", (path as NSString).lastPathComponent], in: folder.isEmpty ? "." : folder,
                               terminal: descriptor, log: log, seconds: seconds, doneWhenLogSays: "Transfer complete")
        guard status == 0 else { throw Failure(description: "not sent (sz: \(lastLine(of: log) ?? "exit \(status)"))") }
    }

    /// Runs a command with the console line as its standard input and output; its exit
    /// status, or -1 when it could not start or was killed for taking longer than `seconds`.
    private static func runOnLine(_ arguments: [String], in directory: String, terminal: Int32, log: String, seconds: Double,
                                  doneWhenLogSays done: String? = nil) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, terminal, 0)
        posix_spawn_file_actions_adddup2(&actions, terminal, 1)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        c_attendant_spawn_chdir(&actions, directory)
        let pid = spawn(arguments, actions: &actions)
        guard pid > 0 else { return -1 }
        var status: Int32 = 0
        var deadline = Date().addingTimeInterval(seconds)
        var finished = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                return finished ? 0 : -1
            }
            if let done, !finished, ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains(done) {
                finished = true
                deadline = min(deadline, Date().addingTimeInterval(2))
            }
            usleep(50_000)
        }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }

    private static func lastLine(of log: String) -> String? {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .last.map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    /// Runs a command to its end: its status and what it printed (stdout and stderr).
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-\(UUID().uuidString)").path
        defer { unlink(log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let pid = spawn(arguments, actions: &actions)
        guard pid > 0 else { return (-1, "\(arguments[0]) could not be started") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xFF, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// posix_spawnp with no signal blocked and default actions: the console's thread may
    /// block signals, and a child inherits that.
    private static func spawn(_ arguments: [String], actions: inout posix_spawn_file_actions_t) -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArguments = arguments.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, arguments[0], &actions, &attributes, &cArguments, environ) == 0 else { return -1 }
        return pid
    }
}
