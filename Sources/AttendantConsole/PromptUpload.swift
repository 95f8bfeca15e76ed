#if canImport(Glibc)
import Glibc
#endif
import AttendantPrompts
import CAttendantLinux
import Foundation

/// A prompt received over the console line with ZMODEM (lrzsz's `rz` on the board,
/// `sz` or picocom's C-a C-s on the laptop): checked, converted by sox to the board's
/// format (8 kHz, mono, 16-bit WAV) and stored as `NAME.wav` in the uploaded prompts'
/// folder, where the next commit's compile finds it.
public struct PromptUpload: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Where uploaded prompts live (on the data partition).
    public let folder: String
    /// Longer than this is not a prompt.
    public static let maximumSeconds = 300.0
    public static let minimumSeconds = 0.3
    /// Quieter than this (RMS, dB below full scale) is silence, or a wrong file.
    public static let silenceDBFS = -50.0

    public init(folder: String) { self.folder = folder }

    public static func isValidName(_ name: String) -> Bool {
        (1...40).contains(name.count) && name.first!.isLetter
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// Receives one file on `descriptor` (the console line) with `rz`, within `seconds`.
    /// Returns the received file's path, in a fresh folder of its own.
    public func receive(on descriptor: Int32, seconds: Double = 120) throws -> String {
        let staging = folder + "/.incoming-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let log = staging + ".log"
        defer { unlink(log) }
        // --binary: no newline conversion; --restricted: no paths outside the folder.
        let pid = Self.spawn(["rz", "--binary", "--restricted"], in: staging, terminal: descriptor, log: log)
        guard pid > 0 else {
            try? FileManager.default.removeItem(atPath: staging)
            throw Failure(description: "rz (lrzsz) could not be started")
        }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(seconds)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(50_000)
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).filter { !$0.hasPrefix(".") }
        guard (status & 0x7F) == 0, (status >> 8) & 0xFF == 0, files.count == 1 else {
            try? FileManager.default.removeItem(atPath: staging)
            let said = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").last.map(String.init) ?? ""
            throw Failure(description: "no file arrived (rz: \(said.isEmpty ? "exit \((status >> 8) & 0xFF)" : said))")
        }
        return staging + "/" + files[0]
    }

    /// Converts and checks a received file, then stores it as prompt `name`. The staging
    /// folder goes either way. Returns what to tell the administrator.
    public func store(_ received: String, as name: String) throws -> String {
        let staging = (received as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let converted = staging + "/.converted.wav"
        let sox = Self.run(["sox", "-V1", received, "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", converted, "dither"])
        guard sox.status == 0 else {
            throw Failure(description: "'\((received as NSString).lastPathComponent)' is no audio sox can read: \(sox.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        let samples = try WAVFile.read(path: converted)
        let seconds = Double(samples.count) / 8000
        guard seconds >= Self.minimumSeconds, seconds <= Self.maximumSeconds else {
            throw Failure(description: String(format: "%.1f s long: a prompt lasts %.1f to %.0f s", seconds, Self.minimumSeconds, Self.maximumSeconds))
        }
        let level = Self.levels(samples)
        guard level.rms > Self.silenceDBFS else {
            throw Failure(description: String(format: "silent (%.0f dBFS RMS): check the recording", level.rms))
        }
        let target = folder + "/" + name + ".wav"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard rename(converted, target) == 0 else { throw Failure(description: "cannot store \(target): \(String(cString: strerror(errno)))") }
        var report = String(format: "prompt %@: %.1f s, %.0f dBFS RMS, peak %.0f dBFS, stored as %@ (8 kHz mono)",
                            name, seconds, level.rms, level.peak, target)
        if level.peak > -0.1 { report += "; warning: it clips" }
        if level.rms < -35 { report += "; warning: it is quiet" }
        return report + ". A menu plays it after the next commit."
    }

    static func levels(_ samples: [Int16]) -> (rms: Double, peak: Double) {
        var sum = 0.0, peak = 0
        for sample in samples {
            sum += Double(sample) * Double(sample)
            peak = max(peak, abs(Int(sample)))
        }
        let rms = (sum / Double(max(1, samples.count))).squareRoot()
        return (20 * log10(max(rms, 1) / 32768), 20 * log10(Double(max(peak, 1)) / 32768))
    }

    /// A child with the console line as its standard input and output.
    private static func spawn(_ arguments: [String], in directory: String, terminal: Int32, log: String) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, terminal, 0)
        posix_spawn_file_actions_adddup2(&actions, terminal, 1)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        c_attendant_spawn_chdir(&actions, directory)
        return spawn(arguments, actions: &actions)
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
