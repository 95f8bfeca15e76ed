#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Programs the console starts (lrzsz, sox) and tests start (socat, tmux), by
/// posix_spawn. Each starts with no signal blocked and the default actions: dispatch
/// and console threads block signals, a child inherits that, and a child that cannot
/// see SIGTERM is never stopped.
public enum ChildProcess {
    /// Starts `arguments` with stdin from /dev/null and stdout and stderr to `output`.
    public static func spawn(_ arguments: [String], output: String = "/dev/null") -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        return spawn(arguments, actions: &actions)
    }

    /// Runs a command to its end: its exit status and what it printed (stdout and stderr).
    public static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-\(UUID().uuidString)").path
        defer { unlink(log) }
        let pid = spawn(arguments, output: log)
        guard pid > 0 else { return (-1, "\(arguments[0]) could not be started") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xFF, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// SIGTERM, then SIGKILL after 5 s: nobody waits for ever on a child.
    public static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(5)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline { kill(pid, SIGKILL) }
            usleep(20_000)
        }
    }

    /// posix_spawnp with the caller's file actions, no signal blocked, default actions.
    static func spawn(_ arguments: [String], actions: inout posix_spawn_file_actions_t) -> pid_t {
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
