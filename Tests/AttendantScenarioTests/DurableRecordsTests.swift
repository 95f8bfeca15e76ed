import AttendantStore
import Foundation
import Testing

/// "No call without a record", tried on the real binary as a child process: calls are
/// rung in from its console, then it is stopped as an administrator, an init system or
/// a power cut would stop it, and its database is read afterwards.
@Suite struct DurableRecordsTests {
    typealias Session = RunCommandTests.Session

    private static func temporaryDatabase() throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-records-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, directory.appendingPathComponent("calls.sqlite").path)
    }

    /// Starts `attendant run` and rings `ports` from its console; returns once every caller hears the menu.
    private static func answering(_ ports: ClosedRange<Int>, database: String, grace: Double? = nil) throws -> Session {
        let session = try Session(arguments: ["run", "--database", database]
                                  + (grace.map { ["--shutdown-grace", "\($0)"] } ?? []))
        #expect(session.waitFor("Attendant is answering", seconds: 30), "\(session.transcript)")
        for port in ports { session.type("sim call \(port) 555100\(port)") }
        for port in ports {
            #expect(session.waitFor("port \(port): caller hears 'welcome'", seconds: 20), "\(session.transcript)")
        }
        return session
    }

    @Test func sigtermLetsCallsEndWithinTheGraceEndsTheRestAndRecordsEveryOne() throws {
        let (directory, path) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let grace = 3.0
        let session = try Self.answering(1...3, database: path, grace: grace)
        defer { session.finish() }

        kill(session.process.processIdentifier, SIGTERM)
        let signalled = Date()
        #expect(session.waitFor("3 in progress have 3.0 s to end", seconds: 5), "\(session.transcript)")
        session.type("sim hangup 2")       // a call that ends within the grace ends as it would
        session.type("sim call 4 5551004")  // a line that rings now is not answered
        #expect(session.waitForExit(seconds: grace + 20), "still running:\n\(session.transcript)")
        let took = Date().timeIntervalSince(signalled)
        #expect(took < grace + 8, "the grace, 'goodbye' and the writes took \(took) s")
        #expect(took >= grace - 0.5, "calls still in progress had their grace: \(took) s")
        #expect(session.process.terminationStatus == 0, "\(session.transcript)")

        let database = try AttendantDatabase(path: path)
        #expect(try database.openCalls().isEmpty)
        let calls = Dictionary(grouping: try database.recentCalls(limit: 10), by: \.port).mapValues { $0[0] }
        #expect(calls.count == 4, "\(calls)")
        #expect(calls.values.allSatisfy { $0.state == .completed })
        #expect(calls[2]?.disposition == .callerHungUp, "\(String(describing: calls[2]))")
        for port in [1, 3] {
            let call = try #require(calls[port])
            #expect(call.disposition == .shutDown && call.callerNumber == "555100\(port)", "\(call)")
            let answered = try #require(call.answeredAt)
            #expect(call.endedAt.timeIntervalSince(answered) >= grace, "port \(port) lasted the grace")
        }
        #expect(calls[4]?.disposition == .noAnswer && calls[4]?.answeredAt == nil, "\(String(describing: calls[4]))")
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func aProcessKilledMidCallLeavesARowTheNextStartClosesAsInterrupted() throws {
        let (directory, path) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try Self.answering(1...2, database: path)
        first.type("sim press 1 1")
        #expect(first.waitFor("port 1: caller hears 'sales'", seconds: 10), "\(first.transcript)")
        Thread.sleep(forTimeInterval: 3)  // a few heartbeats
        let killedAt = Date()
        kill(first.process.processIdentifier, SIGKILL)
        #expect(first.waitForExit(seconds: 10))
        first.finish()
        #expect(first.process.terminationReason == .uncaughtSignal)

        let left = try AttendantDatabase(path: path).openCalls()
        #expect(left.count == 2, "each answered call has its row, in progress: \(left)")
        for call in left {
            let beforeKill = killedAt.timeIntervalSince(call.lastSeenAt)
            #expect(beforeKill >= 0 && beforeKill < 2.5, "stamped \(beforeKill) s before the kill")
        }

        let second = try Session(arguments: ["run", "--database", path])
        defer { second.finish() }
        #expect(second.waitFor("closed 2 call(s) left in progress by an earlier run as interrupted", seconds: 30),
                "\(second.transcript)")
        second.type("quit")
        #expect(second.waitForExit(seconds: 20))
        #expect(second.process.terminationStatus == 0)

        let database = try AttendantDatabase(path: path)
        #expect(try database.integrityCheck() == "ok")
        #expect(try database.openCalls().isEmpty)
        for open in left {
            let call = try #require(try database.call(id: open.callID))
            #expect(call.state == .interrupted && call.disposition == .interrupted, "\(call)")
            #expect(call.endedAt == open.lastSeenAt, "ended when last seen")
            let answered = try #require(call.answeredAt)
            #expect(call.endedAt.timeIntervalSince(answered) > 2, "the call lasted until the heartbeat before the kill")
            #expect(abs(call.durationSeconds - call.endedAt.timeIntervalSince(answered)) < 0.01)
            #expect(call.callerNumber == "555100\(call.port)")
        }
        let calls = Dictionary(grouping: try database.recentCalls(limit: 10), by: \.port).mapValues { $0[0] }
        #expect(calls[1]?.menuPath == ["main", "sales"] && calls[1]?.keys == "1", "as far as the heartbeat saw: \(String(describing: calls[1]))")
        #expect(calls[2]?.menuPath == ["main"] && calls[2]?.keys == "", "\(String(describing: calls[2]))")
    }

    /// Ctrl-C on the console's terminal is SIGINT: it drains as SIGTERM does, and a
    /// second one ends the calls without waiting out a long grace.
    @Test func aSecondSigintCutsTheGraceShort() throws {
        let (directory, path) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = try Self.answering(1...2, database: path, grace: 120)
        defer { session.finish() }
        kill(session.process.processIdentifier, SIGINT)
        #expect(session.waitFor("2 in progress have 120.0 s to end", seconds: 5), "\(session.transcript)")
        let again = Date()
        kill(session.process.processIdentifier, SIGINT)
        #expect(session.waitForExit(seconds: 20), "still running:\n\(session.transcript)")
        #expect(Date().timeIntervalSince(again) < 8)
        #expect(session.process.terminationStatus == 0)
        let calls = try AttendantDatabase(path: path).recentCalls(limit: 10)
        #expect(calls.count == 2 && calls.allSatisfy { $0.disposition == .shutDown }, "\(calls)")
    }

    @Test func quitWithCallsInProgressRecordsThemAll() throws {
        let (directory, path) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = try Self.answering(1...3, database: path, grace: 1)
        defer { session.finish() }
        session.type("quit")
        let quit = Date()
        #expect(session.waitForExit(seconds: 20), "still running:\n\(session.transcript)")
        #expect(Date().timeIntervalSince(quit) < 1 + 8)
        #expect(session.process.terminationStatus == 0)

        let database = try AttendantDatabase(path: path)
        #expect(try database.openCalls().isEmpty)
        let calls = try database.recentCalls(limit: 10)
        #expect(calls.map(\.port).sorted() == [1, 2, 3])
        #expect(calls.allSatisfy { $0.state == .completed && $0.disposition == .shutDown && $0.answeredAt != nil }, "\(calls)")
    }
}

extension RunCommandTests.Session {
    /// Waits until the process has exited, or `seconds` pass.
    func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return !process.isRunning
    }
}
