@testable import AttendantStore
import Foundation
import GRDB
import Testing

private let epoch = Date(timeIntervalSince1970: 1_767_258_000)

private func openCall(_ number: Int, answeredAfter seconds: Double = 4) -> OpenCall {
    let ring = epoch.addingTimeInterval(Double(number) * 10)
    return OpenCall(callID: "call-\(number)", port: number, callerNumber: "555\(number)", ringAt: ring,
                    answeredAt: ring.addingTimeInterval(seconds), menuVersion: 0xabc0_0000_0000_0def)
}

private func finished(_ call: OpenCall, after seconds: Double, keys: String = "1") -> CallRecord {
    CallRecord(callID: call.callID, port: call.port, callerNumber: call.callerNumber, ringAt: call.ringAt,
               answeredAt: call.answeredAt, endedAt: call.answeredAt.addingTimeInterval(seconds),
               durationSeconds: seconds, menuPath: ["main", "sales"], keys: keys, disposition: .callerHungUp,
               menuVersion: call.menuVersion)
}

/// "No call without a record": the row written at answer, completed at the end, stamped
/// while it lasts, and closed as interrupted by the next start when a process stopped.
@Suite struct CallsInProgressTests {
    @Test func theRowWrittenAtAnswerIsCompletedInPlace() throws {
        let database = try AttendantDatabase.inMemory()
        let call = openCall(1)
        try database.insert(call)
        #expect(try database.openCalls() == [call])
        #expect(try database.recentCalls(limit: 10).isEmpty, "a call in progress is not a finished record")
        #expect(try database.call(id: call.callID) == nil)
        #expect(try database.callCount() == 1)

        let saved = try database.save(finished(call, after: 12))
        #expect(try database.openCalls().isEmpty)
        #expect(try database.callCount() == 1, "the open row was completed, not joined by a second")
        var expected = finished(call, after: 12)
        expected.id = saved.id
        #expect(try database.call(id: call.callID) == expected)
        #expect(expected.state == .completed)
    }

    @Test func aCompletedRowIsNeverOverwritten() throws {
        let database = try AttendantDatabase.inMemory()
        let call = openCall(1)
        try database.insert(call)
        try database.save(finished(call, after: 12, keys: "1"))
        #expect(throws: DatabaseError.self) { try database.save(finished(call, after: 30, keys: "999")) }
        #expect(try database.call(id: call.callID)?.keys == "1")
    }

    @Test func aCallNeverAnsweredIsInsertedWhenItEnds() throws {
        let database = try AttendantDatabase.inMemory()
        let ring = epoch
        let missed = CallRecord(callID: "missed", port: 2, callerNumber: nil, ringAt: ring, answeredAt: nil,
                                endedAt: ring.addingTimeInterval(9), durationSeconds: 0, menuPath: [], keys: "",
                                disposition: .noAnswer, menuVersion: nil)
        let saved = try database.save(missed)
        #expect(saved.id != nil)
        #expect(try database.call(id: "missed")?.disposition == .noAnswer)
    }

    @Test func theHeartbeatStampsOnlyCallsInProgress() throws {
        let database = try AttendantDatabase.inMemory()
        let (first, second, done) = (openCall(1), openCall(2), openCall(3))
        for call in [first, second, done] { try database.insert(call) }
        try database.save(finished(done, after: 5))
        let now = epoch.addingTimeInterval(100)
        #expect(try database.stampOpenCalls(at: now) == 2)
        #expect(try database.openCalls().map(\.lastSeenAt) == [now, now])
    }

    @Test func theHeartbeatCarriesHowFarCallsHaveGone() throws {
        let database = try AttendantDatabase.inMemory()
        let (moving, still) = (openCall(1), openCall(2))
        try database.insert(moving)
        try database.insert(still)
        let seen = still.answeredAt.addingTimeInterval(9)
        #expect(try database.stampOpenCalls(at: seen, progress: [CallProgress(callID: moving.callID, menuPath: ["main", "sales"], keys: "1")]) == 2)
        let closed = Dictionary(uniqueKeysWithValues: try database.closeInterruptedCalls().map { ($0.callID, $0) })
        #expect(closed[moving.callID]?.menuPath == ["main", "sales"] && closed[moving.callID]?.keys == "1")
        #expect(closed[still.callID]?.menuPath == [] && closed[still.callID]?.keys == "")
        #expect(closed.values.allSatisfy { $0.endedAt == seen })
    }

    @Test func startUpClosesOpenRowsAsInterruptedAtTheLastTimeSeen() throws {
        let database = try AttendantDatabase.inMemory()
        let (stamped, neverStamped, done) = (openCall(1), openCall(2), openCall(3))
        try database.insert(stamped)
        let lastSeen = stamped.answeredAt.addingTimeInterval(42)
        try database.stampOpenCalls(at: lastSeen)
        try database.insert(neverStamped)  // answered after the last heartbeat
        try database.insert(done)
        try database.save(finished(done, after: 5))

        let closed = try database.closeInterruptedCalls()
        #expect(closed.map(\.callID) == [stamped.callID, neverStamped.callID])
        let first = try #require(try database.call(id: stamped.callID))
        #expect(first.state == .interrupted && first.disposition == .interrupted)
        #expect(first.endedAt == lastSeen)
        #expect(abs(first.durationSeconds - 42) < 0.001)
        #expect(first.callerNumber == stamped.callerNumber && first.menuVersion == stamped.menuVersion)
        let second = try #require(try database.call(id: neverStamped.callID))
        #expect(second.endedAt == neverStamped.answeredAt && second.durationSeconds == 0)
        #expect(try database.call(id: done.callID)?.state == .completed, "a finished call is left alone")
        #expect(try database.openCalls().isEmpty)
        #expect(try database.closeInterruptedCalls().isEmpty, "closing twice closes nothing more")
    }

    /// Rows written before v3 keep every field and count as completed.
    @Test func migratingAnOlderFileKeepsItsCalls() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-v2-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("calls.sqlite").path
        let old = finished(openCall(7), after: 20)
        do {
            let pool = try DatabasePool(path: path)
            try Migrations.migrator.migrate(pool, upTo: "v2-queue-events")
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO calls (call_id, port, caller_number, ring_at, answered_at, ended_at, duration_seconds,
                                       menu_path, keys, disposition, menu_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'main > sales', ?, 'caller hung up', 'abc0000000000def')
                    """, arguments: [old.callID, old.port, old.callerNumber, old.ringAt, old.answeredAt, old.endedAt,
                                     old.durationSeconds, old.keys])
            }
        }
        let database = try AttendantDatabase(path: path)
        var expected = old
        let stored = try #require(try database.call(id: old.callID))
        expected.id = stored.id
        #expect(stored == expected)
        #expect(try database.integrityCheck() == "ok")
        try database.insert(openCall(8))
        #expect(try database.openCalls().map(\.callID) == ["call-8"])
    }

    @Test func theWriterOpensStampsAndCompletesInOrder() throws {
        let database = try AttendantDatabase.inMemory()
        let writer = StorageWriter(database: database)
        defer { writer.close() }
        let call = openCall(1)
        writer.submit(call)
        let seen = call.answeredAt.addingTimeInterval(3)
        writer.stampOpenCalls(at: seen)
        writer.flush()
        #expect(try database.openCalls().map(\.lastSeenAt) == [seen])
        writer.submit(finished(call, after: 4))
        writer.flush()
        #expect(try database.openCalls().isEmpty)
        #expect(try database.call(id: call.callID)?.durationSeconds == 4)
        #expect(writer.statistics.opened == 1 && writer.statistics.written == 1 && writer.statistics.failed == 0)
    }
}
