#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import ZIPFoundation
import AttendantConsole

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
        let a = try tmux.window("a", running: ["picocom", "--nolock", "-b", "115200", lines[0].laptop])
        let b = try tmux.window("b", running: ["picocom", "--nolock", "-b", "115200", lines[1].laptop])

        // A first boot: laptop a makes the first admin, then a user for laptop b.
        #expect(a.enter(until: "new admin's name:"), "\(a.screen)")
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

        #expect(b.enter(until: "login:"), "\(b.screen)")
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
        let office = try OneLineOffice(name: "upload") { ["--uploaded-prompts", $0.appendingPathComponent("prompts").path] }
        defer { office.close() }
        let (appliance, menu, tmux) = (office.appliance, office.menu, office.tmux)
        let uploads = office.directory.appendingPathComponent("prompts").path
        // The office's own greeting, as a laptop would have it: CD quality, stereo.
        let recording = office.directory.appendingPathComponent("greeting.wav").path
        let made = ChildProcess.run(["sox", "/usr/share/asterisk/sounds/en/conf-onlyperson.wav", "-r", "44100", "-c", "2", recording])
        try #require(made.status == 0, "\(made.output)")
        let laptop = office.laptop
        // picocom runs the laptop's sz itself when C-a C-s is typed (its --send-cmd).
        let a = try tmux.window("a", running: ["picocom", "--nolock", "-b", "115200", "--send-cmd", "sz -b", laptop])
        #expect(a.enter(until: "login:"), "\(a.screen)")
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
        appliance.type("sim hangup 1")  // or 'quit' would give the call its grace first
        appliance.type("quit")
        #expect(appliance.waitFor("stopped", seconds: 30), "\(appliance.transcript)")
    }
}

extension SerialConsoleTests {
    /// A backup made on the board, downloaded to the laptop with ZMODEM (picocom's rz),
    /// then, after a change, sent back with sz and restored: the configuration and the
    /// database are the backup's again.
    @Test func aBackupGoesToTheLaptopAndComesBack() throws {
        let office = try OneLineOffice(name: "backup") {
            ["--uploaded-prompts", $0.appendingPathComponent("prompts").path, "--backups", $0.appendingPathComponent("backups").path]
        }
        defer { office.close() }
        let (appliance, menu, tmux, laptop) = (office.appliance, office.menu, office.tmux, office.laptop)
        let original = try String(contentsOfFile: menu, encoding: .utf8)
        let laptopFiles = office.directory.appendingPathComponent("laptop-files").path
        try FileManager.default.createDirectory(atPath: laptopFiles, withIntermediateDirectories: true)
        let a = try tmux.window("a", in: laptopFiles, running: ["picocom", "--nolock", "-b", "115200", "--send-cmd", "sz -b",
                                                               "--receive-cmd", "rz -b", laptop])
        #expect(a.enter(until: "login:"), "\(a.screen)")
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

/// `attendant run` with one console line: a socat pty pair, the call-centre menu copied
/// to a folder of its own, and the admin alice (password alice-pass-1) made on the
/// appliance's own terminal. The laptop's picocom runs in `tmux`.
final class OneLineOffice {
    let directory: URL
    let menu: String
    let board: String
    let laptop: String
    let appliance: RunCommandTests.Session
    let tmux: Tmux
    private let socat: pid_t

    init(name: String, arguments: (URL) -> [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        menu = directory.appendingPathComponent("office.menu").path
        try FileManager.default.copyItem(atPath: Repository.root.appendingPathComponent("examples/call-centre.menu").path, toPath: menu)
        board = directory.appendingPathComponent("board").path
        laptop = directory.appendingPathComponent("laptop").path
        socat = ChildProcess.spawn(["socat", "pty,raw,echo=0,link=\(board)", "pty,raw,echo=0,link=\(laptop)"])
        try #require(socat > 0, "socat did not start")
        try #require(ChildProcess.waitForFile(board) && ChildProcess.waitForFile(laptop), "socat made no ptys")
        appliance = try RunCommandTests.Session(arguments: [
            "run", "--menu", menu, "--catalogue", Repository.catalogue,
            "--database", directory.appendingPathComponent("calls.sqlite").path, "--console", board,
        ] + arguments(directory))
        tmux = Tmux(socket: directory.appendingPathComponent("tmux.sock").path)
        #expect(appliance.waitFor("Attendant is answering", seconds: 30), "\(appliance.transcript)")
        appliance.type("user add alice admin")
        appliance.type("alice-pass-1")
        appliance.type("alice-pass-1")
        #expect(appliance.waitFor("user alice (admin): password set", seconds: 10), "\(appliance.transcript)")
    }

    func close() {
        appliance.finish()
        tmux.killServer()
        ChildProcess.stop(socat)
        try? FileManager.default.removeItem(at: directory)
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

        /// Presses Enter every 2 s until the screen shows `text` (a prompt the console
        /// printed before picocom opened the line is not on the screen).
        func enter(until text: String, seconds: Double = 15) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                type("\r")
                if waitFor(text, seconds: 2) { return true }
            }
            return false
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
        let window = Window(tmux: self, name: name)
        // picocom flushes the line as it opens it: what was typed or sent before is gone.
        if command.first == "picocom" { try #require(window.waitFor("Terminal ready"), "picocom: \(window.screen)") }
        return window
    }

    func killServer() { _ = ChildProcess.run(["tmux", "-S", socket, "kill-server"]) }
}

extension ChildProcess {
    static func waitForFile(_ path: String, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
