import Foundation
import Testing

/// `attendant run` tried as a new user would: start it, ring a line from the console,
/// press a key, hang up, and find the call in `show calls`. Real time, real threads.
@Suite struct RunCommandTests {
    final class Session: @unchecked Sendable {
        let process = Process()
        private let input = Pipe()
        private let output = Pipe()
        private let lock = NSLock()
        private var text = ""

        init(arguments: [String]) throws {
            process.executableURL = Repository.root.appendingPathComponent(".build/debug/attendant")
            process.arguments = arguments
            process.currentDirectoryURL = Repository.root
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            output.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        var transcript: String { lock.withLock { text } }

        func type(_ line: String) {
            input.fileHandleForWriting.write(Data((line + "\n").utf8))
        }

        /// Waits until the output contains `needle`, or `seconds` pass.
        @discardableResult
        func waitFor(_ needle: String, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if transcript.contains(needle) { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return transcript.contains(needle)
        }

        func finish() {
            try? input.fileHandleForWriting.close()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { process.terminate() }
            output.fileHandleForReading.readabilityHandler = nil
        }
    }

    @Test func simulatedCallFromTheConsoleShowsUpInShowCalls() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-run-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = try Session(arguments: ["run", "--database", directory.appendingPathComponent("calls.sqlite").path])
        defer { session.finish() }

        #expect(session.waitFor("attendant> ", seconds: 20), "no prompt:\n\(session.transcript)")
        session.type("sim call 1 5551234")
        #expect(session.waitFor("caller hears 'welcome'", seconds: 15), "\(session.transcript)")
        session.type("show channels")
        #expect(session.waitFor("in menu", seconds: 5), "\(session.transcript)")
        session.type("sim press 1 1")
        #expect(session.waitFor("pressing 1", seconds: 5))
        Thread.sleep(forTimeInterval: 1.5)
        session.type("sim hangup 1")
        Thread.sleep(forTimeInterval: 0.5)
        session.type("show calls")
        #expect(session.waitFor("caller hung up", seconds: 10), "\(session.transcript)")
        session.type("quit")
        session.finish()

        // A `show calls` row: "ENDED  PORT  CALLER  SECS  KEYS  DISPOSITION  PATH".
        let rows = session.transcript.split(separator: "\n").filter { $0.contains("caller hung up") && !$0.contains("port 1:") }
        var row = try #require(rows.first, "\(session.transcript)")
        if row.hasPrefix("attendant> ") { row = row.dropFirst("attendant> ".count) }
        let columns = row.split(separator: " ", omittingEmptySubsequences: true)
        #expect(columns.count >= 9, "\(row)")
        #expect(columns[2] == "1", "port: \(row)")
        #expect(columns[3] == "5551234", "caller ID: \(row)")
        #expect(columns[5] == "1", "keys: \(row)")
        #expect(row.hasSuffix("main > sales"), "path: \(row)")
        #expect(process(session).terminationStatus == 0)
    }

    private func process(_ session: Session) -> Process { session.process }

    /// The v2 example (with its included file) on a holiday and on a working day,
    /// through `attendant simulate --start`, as its header comment says to try it.
    @Test(arguments: [("2026-12-25 10:00 Europe/Moscow", "examples/office-holiday.call"),
                      ("2026-12-24 10:00 Europe/Moscow", "examples/office-reference.call")])
    func theOfficeExampleRunsAsDocumented(start: String, script: String) throws {
        try expectSimulation(["--menu", "examples/office.menu", "--start", start, script])
    }

    /// The call-centre example with its agent, a caller, and a caller called back, as its header says.
    @Test func theCallCentreExampleRunsAsDocumented() throws {
        try expectSimulation(["--menu", "examples/call-centre.menu", "--ports", "2", "--phones", "2",
                              "examples/call-centre-agent.call", "examples/call-centre-caller.call",
                              "examples/call-centre-callback.call"])
    }

    private func expectSimulation(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = Repository.root.appendingPathComponent(".build/debug/attendant")
        process.arguments = ["simulate"] + arguments
        process.currentDirectoryURL = Repository.root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("all expectations met"), "\(text)")
    }

    /// SIGHUP compiles the menu file again: a broken edit is refused with its errors and
    /// the running version stays; a good one is taken, as the log says.
    @Test func sighupReloadsTheMenuFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-hup-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let menu = directory.appendingPathComponent("office.menu")
        let good = "entry main\nmenu main {\n    play welcome\n    on 1: goto sales\n}\nmenu sales {\n    play sales\n}\n"
        try good.write(to: menu, atomically: true, encoding: .utf8)
        let session = try Session(arguments: ["run", "--menu", menu.path, "--catalogue", Repository.catalogue,
                                              "--database", directory.appendingPathComponent("calls.sqlite").path])
        defer { session.finish() }
        #expect(session.waitFor("Attendant is answering", seconds: 30), "\(session.transcript)")

        try good.replacingOccurrences(of: "goto sales", with: "goto sale").write(to: menu, atomically: true, encoding: .utf8)
        kill(session.process.processIdentifier, SIGHUP)
        #expect(session.waitFor("unknown menu 'sale' (did you mean 'sales'?)", seconds: 30), "\(session.transcript)")
        #expect(session.transcript.contains("refused"), "\(session.transcript)")

        try good.replacingOccurrences(of: "play welcome", with: "play welcome, main-options").write(to: menu, atomically: true, encoding: .utf8)
        kill(session.process.processIdentifier, SIGHUP)
        #expect(session.waitFor("reloaded: version", seconds: 30), "\(session.transcript)")
        session.type("quit")
    }
}
