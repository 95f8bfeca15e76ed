#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import ZIPFoundation

/// The console as the office administrator meets it: `attendant run --console` on two
/// ptys that socat joins to two "laptop" ptys (what a USB serial adapter gives), and on
/// each laptop picocom, the terminal program, in a tmux window of 80×24 whose screen
/// the test reads. Nothing is called directly: bytes go through real terminals.
@Suite(.serialized) struct SerialConsoleTests {
    @Test func twoLaptopsLogInConfigureAndSeeEachOthersCommits() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-serial-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let menu = directory.appendingPathComponent("office.menu").path
        try FileManager.default.copyItem(atPath: Repository.root.appendingPathComponent("examples/call-centre.menu").path, toPath: menu)

        var children: [pid_t] = []
        defer { for child in children { ChildProcess.stop(child) } }
        let lines = ["1", "2"].map { (board: directory.appendingPathComponent("board\($0)").path,
                                      laptop: directory.appendingPathComponent("laptop\($0)").path) }
        for line in lines {
            let socat = ChildProcess.spawn(["socat", "pty,raw,echo=0,link=\(line.board)", "pty,raw,echo=0,link=\(line.laptop)"])
            try #require(socat > 0, "socat did not start")
            children.append(socat)
            try #require(ChildProcess.waitForFile(line.board) && ChildProcess.waitForFile(line.laptop), "socat made no \(line.board)")
        }

        let appliance = try RunCommandTests.Session(arguments: [
            "run", "--menu", menu, "--catalogue", Repository.catalogue,
            "--database", directory.appendingPathComponent("calls.sqlite").path,
            "--console", lines[0].board, "--console", lines[1].board,
        ])
        defer { appliance.finish() }
        #expect(appliance.waitFor("Attendant is answering", seconds: 30), "\(appliance.transcript)")

        let tmux = Tmux(socket: directory.appendingPathComponent("tmux.sock").path)
        defer { tmux.killServer() }
        let a = try tmux.window("a", running: ["picocom", "-q", "--nolock", "-b", "115200", lines[0].laptop])
        let b = try tmux.window("b", running: ["picocom", "-q", "--nolock", "-b", "115200", lines[1].laptop])

        // A first boot: laptop a makes the first admin, then a user for laptop b.
        a.type("\r")
        #expect(a.waitFor("new admin's name:"), "\(a.screen)")
        a.type("alice\r")
        #expect(a.waitFor("password for alice:"), "\(a.screen)")
        a.type("alice-pass-1\r")
        #expect(a.waitFor("again:"), "\(a.screen)")
        a.type("alice-pass-1\r")
        #expect(a.waitFor("welcome, alice (admin)"), "\(a.screen)")
        #expect(!a.screen.contains("alice-pass-1"), "a password on the screen:\n\(a.screen)")
        a.type("user add bob admin\r")
        a.type("bobs-pass-1\r")
        a.type("bobs-pass-1\r")
        #expect(a.waitFor("user bob (admin): password set"), "\(a.screen)")

        b.type("\r")
        #expect(b.waitFor("login:"), "\(b.screen)")
        b.type("bob\r")
        #expect(b.waitFor("password:"), "\(b.screen)")
        b.type("bobs-pass-1\r")
        #expect(b.waitFor("welcome, bob (admin)"), "\(b.screen)")

        // Laptop a edits a candidate with completion and commits it; laptop b hears of it.
        a.type("configu\t\r")
        #expect(a.waitFor("editing a candidate of version 1"), "\(a.screen)")
        a.type("insert 1 // greeting changed from laptop a\r")
        a.type("commit comment from laptop a\r")
        #expect(a.waitFor("committed: configuration version 2"), "\(a.screen)")
        #expect(b.waitFor("configuration version 2 committed by alice on \(lines[0].board): from laptop a"), "\(b.screen)")
        b.type("show vers\t\r")
        #expect(b.waitFor("from laptop a"), "\(b.screen)")
        #expect(try String(contentsOfFile: menu, encoding: .utf8).hasPrefix("// greeting changed from laptop a\n"))

        // Laptop b's stale candidate is refused; the running configuration is a's.
        b.type("configure\r")
        #expect(b.waitFor("editing a candidate of version 2"), "\(b.screen)")
        b.type("delete 1\r")
        b.type("show diff\r")
        #expect(b.waitFor("-   1  // greeting changed from laptop a"), "\(b.screen)")
        b.type("commit\r")
        #expect(b.waitFor("committed: configuration version 3"), "\(b.screen)")
        #expect(a.waitFor("configuration version 3 committed by bob"), "\(a.screen)")

        appliance.type("quit")
        #expect(appliance.waitFor("stopped", seconds: 30), "\(appliance.transcript)")
    }
}

extension SerialConsoleTests {
    /// The acceptance of uploads: a recording sent with picocom's ZMODEM send (sz) from
    /// the laptop arrives, is converted from 44.1 kHz stereo to the board's format, and
    /// after a commit a caller hears it, recognised from the audio the caller receives.
    @Test func aPromptSentWithZmodemIsConvertedAndHeardAfterCommit() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-upload-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let menu = directory.appendingPathComponent("office.menu").path
        try FileManager.default.copyItem(atPath: Repository.root.appendingPathComponent("examples/call-centre.menu").path, toPath: menu)
        // The office's own greeting, as a laptop would have it: CD quality, stereo.
        let recording = directory.appendingPathComponent("greeting.wav").path
        let made = ChildProcess.run(["sox", "/usr/share/asterisk/sounds/en/conf-onlyperson.wav", "-r", "44100", "-c", "2", recording])
        try #require(made.status == 0, "\(made.output)")

        var children: [pid_t] = []
        defer { for child in children { ChildProcess.stop(child) } }
        let board = directory.appendingPathComponent("board").path, laptop = directory.appendingPathComponent("laptop").path
        let socat = ChildProcess.spawn(["socat", "pty,raw,echo=0,link=\(board)", "pty,raw,echo=0,link=\(laptop)"])
        try #require(socat > 0)
        children.append(socat)
        try #require(ChildProcess.waitForFile(board) && ChildProcess.waitForFile(laptop))

        let uploads = directory.appendingPathComponent("prompts").path
        let appliance = try RunCommandTests.Session(arguments: [
            "run", "--menu", menu, "--catalogue", Repository.catalogue, "--uploaded-prompts", uploads,
            "--database", directory.appendingPathComponent("calls.sqlite").path, "--console", board,
        ])
        defer { appliance.finish() }
        #expect(appliance.waitFor("Attendant is answering", seconds: 30), "\(appliance.transcript)")
        appliance.type("user add alice admin")
        appliance.type("alice-pass-1")
        appliance.type("alice-pass-1")
        #expect(appliance.waitFor("user alice (admin): password set", seconds: 10), "\(appliance.transcript)")

        let tmux = Tmux(socket: directory.appendingPathComponent("tmux.sock").path)
        defer { tmux.killServer() }
        // picocom runs the laptop's sz itself when C-a C-s is typed (its --send-cmd).
        let a = try tmux.window("a", running: ["picocom", "-q", "--nolock", "-b", "115200", "--send-cmd", "sz -b", laptop])
        a.type("\r")
        #expect(a.waitFor("login:"), "\(a.screen)")
        a.type("alice\r")
        a.type("alice-pass-1\r")
        #expect(a.waitFor("welcome, alice (admin)"), "\(a.screen)")
        a.type("upload prompt office-greeting\r")
        #expect(a.waitFor("waiting 2 minutes"), "\(a.screen)")
        a.key("C-a")
        a.key("C-s")
        #expect(a.waitFor("file:"), "\(a.screen)")
        a.type(recording + "\r")
        #expect(a.waitFor("stored as", seconds: 60), "\(a.screen)")
        #expect(a.screen.contains("prompt office-greeting: 3.2 s"), "\(a.screen)")
        let stored = uploads + "/office-greeting.wav"
        let format = ChildProcess.run(["soxi", stored]).output
        #expect(format.contains("Sample Rate    : 8000") && format.contains("Channels       : 1"), "\(format)")

        // The greeting line of the menu now plays it; a caller hears it.
        let lines = try String(contentsOfFile: menu, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let greeting = try #require(lines.firstIndex { $0 == "    play welcome" }) + 1
        a.type("configure\r")
        a.type("line \(greeting)     play office-greeting\r")
        a.type("commit comment our own greeting\r")
        #expect(a.waitFor("committed: configuration version 2"), "\(a.screen)")
        appliance.type("sim call 1 5551234")
        #expect(appliance.waitFor("port 1: caller hears 'office-greeting'", seconds: 30), "\(appliance.transcript)")
        appliance.type("quit")
        #expect(appliance.waitFor("stopped", seconds: 30), "\(appliance.transcript)")
    }
}

extension SerialConsoleTests {
    /// A backup made on the board, downloaded to the laptop with ZMODEM (picocom's rz),
    /// then, after a change, sent back with sz and restored: the configuration and the
    /// database are the backup's again.
    @Test func aBackupGoesToTheLaptopAndComesBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-backup-\(UUID())")
        let laptopFiles = directory.appendingPathComponent("laptop-files").path
        try FileManager.default.createDirectory(atPath: laptopFiles, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let menu = directory.appendingPathComponent("office.menu").path
        try FileManager.default.copyItem(atPath: Repository.root.appendingPathComponent("examples/call-centre.menu").path, toPath: menu)
        let original = try String(contentsOfFile: menu, encoding: .utf8)

        var children: [pid_t] = []
        defer { for child in children { ChildProcess.stop(child) } }
        let board = directory.appendingPathComponent("board").path, laptop = directory.appendingPathComponent("laptop").path
        let socat = ChildProcess.spawn(["socat", "pty,raw,echo=0,link=\(board)", "pty,raw,echo=0,link=\(laptop)"])
        try #require(socat > 0)
        children.append(socat)
        try #require(ChildProcess.waitForFile(board) && ChildProcess.waitForFile(laptop))
        let appliance = try RunCommandTests.Session(arguments: [
            "run", "--menu", menu, "--catalogue", Repository.catalogue,
            "--uploaded-prompts", directory.appendingPathComponent("prompts").path,
            "--backups", directory.appendingPathComponent("backups").path,
            "--database", directory.appendingPathComponent("calls.sqlite").path, "--console", board,
        ])
        defer { appliance.finish() }
        #expect(appliance.waitFor("Attendant is answering", seconds: 30), "\(appliance.transcript)")
        appliance.type("user add alice admin")
        appliance.type("alice-pass-1")
        appliance.type("alice-pass-1")
        #expect(appliance.waitFor("password set", seconds: 10), "\(appliance.transcript)")

        let tmux = Tmux(socket: directory.appendingPathComponent("tmux.sock").path)
        defer { tmux.killServer() }
        let a = try tmux.window("a", in: laptopFiles, running: ["picocom", "-q", "--nolock", "-b", "115200", "--send-cmd", "sz -b",
                                                               "--receive-cmd", "rz -b", laptop])
        a.type("\r")
        #expect(a.waitFor("login:"), "\(a.screen)\n\(ChildProcess.run(["tmux", "-S", tmux.socket, "list-sessions"]))\n\(appliance.transcript)")
        a.type("alice\ralice-pass-1\r")
        #expect(a.waitFor("welcome, alice"), "\(a.screen)")
        a.type("backup\r")
        #expect(a.waitFor("backup written: "), "\(a.screen)")
        let name = try #require(a.screen.split(separator: " ").first { $0.hasPrefix("backup-") && $0.hasSuffix(".zip") }.map(String.init))
        a.type("download backup \(name)\r")
        #expect(a.waitFor("receive \(name) now"), "\(a.screen)")
        a.key("C-a")
        a.key("C-r")
        if a.waitFor("file:", seconds: 3) { a.type("\r") }
        #expect(a.waitFor("\(name) sent", seconds: 60), "\(a.screen)")
        let downloaded = laptopFiles + "/" + name
        let archive = try Archive(url: URL(fileURLWithPath: downloaded), accessMode: .read)
        #expect(Set(archive.map(\.path)) == ["manifest.txt", "configuration.menu", "attendant.sqlite"], "\(archive.map(\.path))")

        a.type("configure\r")
        a.type("insert 1 // changed after the backup\r")
        a.type("commit\r")
        #expect(a.waitFor("committed: configuration version 2"), "\(a.screen)")
        a.type("restore\r")
        #expect(a.waitFor("send the backup archive now"), "\(a.screen)")
        a.key("C-a")
        a.key("C-s")
        #expect(a.waitFor("file:"), "\(a.screen)")
        a.type(downloaded + "\r")
        #expect(a.waitFor("restored: configuration, 0 prompt(s) and the database", seconds: 60), "\(a.screen)")
        #expect(try String(contentsOfFile: menu, encoding: .utf8) == original)
        a.type("show versions\r")
        #expect(a.waitFor("restored from a backup"), "\(a.screen)")
        #expect(!a.screen.contains("changed after the backup"), "\(a.screen)")
        a.type("show audit\r")
        #expect(a.waitFor("restore"), "the restore itself is audited after the database came back:\n\(a.screen)")
        appliance.type("quit")
        #expect(appliance.waitFor("stopped", seconds: 30), "\(appliance.transcript)")
    }
}

/// A tmux server on a socket of its own; each window an 80×24 terminal. (picocom runs
/// with --nolock: its UUCP lock files are named after the device's last path component,
/// which every test's "laptop" shares.)
struct Tmux {
    let socket: String

    struct Window {
        let tmux: Tmux
        let name: String

        /// Sends `text` as typed keys (literally: no key names).
        func type(_ text: String) {
            _ = ChildProcess.run(["tmux", "-S", tmux.socket, "send-keys", "-t", name, "-l", text])
        }

        /// Sends one key by tmux's name for it ("C-a").
        func key(_ name: String) {
            _ = ChildProcess.run(["tmux", "-S", tmux.socket, "send-keys", "-t", self.name, name])
        }

        /// The screen as it shows now.
        var screen: String {
            // -J: a line the 80 columns wrapped comes back whole.
            ChildProcess.run(["tmux", "-S", tmux.socket, "capture-pane", "-p", "-J", "-t", name]).output
        }

        /// Polls the screen until it shows `text`, or `seconds` pass.
        func waitFor(_ text: String, seconds: Double = 15) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if screen.contains(text) { return true }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return screen.contains(text)
        }
    }

    /// A window running `command` in `directory` (where a laptop's rz puts what it receives).
    func window(_ name: String, in directory: String? = nil, running command: [String]) throws -> Window {
        let start = directory.map { ["-c", $0] } ?? []
        let started = ChildProcess.run(["tmux", "-S", socket, "new-session", "-d", "-s", name, "-x", "80", "-y", "24"] + start + command)
        try #require(started.status == 0, "tmux did not start \(command): \(started.output)")
        return Window(tmux: self, name: name)
    }

    func killServer() { _ = ChildProcess.run(["tmux", "-S", socket, "kill-server"]) }
}

/// Child processes started with posix_spawn, their standard streams on /dev/null or a
/// file: Foundation's Process hands its pipes to daemons tmux leaves behind, and a
/// test waiting on those pipes never ends. Tests run on dispatch threads, which block
/// every signal, and a child inherits that mask: each starts with none blocked and the
/// default actions, or SIGTERM would never stop it.
enum ChildProcess {
    static func spawn(_ arguments: [String], output: String = "/dev/null") -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
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
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArguments = arguments.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, arguments[0], &actions, &attributes, &cArguments, environ) == 0 else { return -1 }
        return pid
    }

    /// Runs a command to its end: its exit status and what it printed.
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-child-\(UUID())").path
        defer { unlink(file) }
        let pid = spawn(arguments, output: file)
        guard pid > 0 else { return (-1, "\(arguments[0]) could not be started") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return ((status >> 8) & 0xFF, output)
    }

    /// SIGTERM, then SIGKILL after 5 s: a test never waits for ever on a child.
    static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(5)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline { kill(pid, SIGKILL) }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    static func waitForFile(_ path: String, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
