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
        // rz waits up to 30 s for the sender's closing "OO", which a sender that exits at
        // once can leave unsent: once rz says the transfer is complete, the file is whole.
        let status = runOnLine(["rz", "--binary", "--restricted"], in: staging, terminal: descriptor, log: log, seconds: seconds,
                               doneWhenLogSays: "Transfer complete")
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
        // The laptop's rz may still wait for the closing "OO" and would swallow what the
        // console writes next: say it again once the line is quiet.
        awaitQuiet(descriptor)
        _ = "OO".withCString { write(descriptor, $0, 2) }
        awaitQuiet(descriptor, milliseconds: 500)
    }

    /// Drops what arrives on the line until it has been quiet for `milliseconds` (10 s at most).
    public static func awaitQuiet(_ descriptor: Int32, milliseconds: Int32 = 1500) {
        var buffer = [UInt8](repeating: 0, count: 256)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, milliseconds) > 0 else { break }
            guard buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 else { break }
        }
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
        let pid = ChildProcess.spawn(arguments, actions: &actions)
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
}
