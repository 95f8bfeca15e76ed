import AttendantStore
import Foundation
import Testing

private func record(_ number: Int, port: Int = 1, answered: Bool = true, endedAt offset: Double? = nil) -> CallRecord {
    let ring = Date(timeIntervalSince1970: 1_767_258_000 + Double(number) * 10)
    let end = ring.addingTimeInterval(offset ?? 8.5)
    return CallRecord(callID: "call-\(number)", port: port, callerNumber: answered ? "555\(number)" : nil,
                      ringAt: ring, answeredAt: answered ? ring.addingTimeInterval(6.02) : nil, endedAt: end,
                      durationSeconds: answered ? end.timeIntervalSince(ring.addingTimeInterval(6.02)) : 0,
                      menuPath: answered ? ["main", "sales", "main"] : [], keys: answered ? "1#" : "",
                      disposition: answered ? .callerHungUp : .noAnswer, menuVersion: answered ? 0xfeed_beef_dead_f00d : nil)
}

private func temporaryDatabasePath() -> (directory: URL, path: String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-store-\(UUID())")
    return (directory, directory.appendingPathComponent("nested/calls.sqlite").path)
}

@Suite struct StoreTests {
    @Test func migrationsCreateTheCallsTableOnce() throws {
        let (directory, path) = temporaryDatabasePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try AttendantDatabase(path: path)
        #expect(try database.columns(of: "calls") == [
            "id", "call_id", "port", "caller_number", "ring_at", "answered_at", "ended_at",
            "duration_seconds", "menu_path", "keys", "disposition", "menu_version", "state", "last_seen_at",
        ])
        try database.insert(record(1))
        let reopened = try AttendantDatabase(path: path)
        #expect(try reopened.appliedMigrations() == ["v1-calls", "v2-queue-events", "v3-calls-in-progress", "v4-recordings", "v5-console", "v6-voicemail"])
        #expect(try reopened.columns(of: "voicemail_messages") == [
            "id", "box", "folder", "call_id", "caller", "received_at", "duration_seconds", "format",
            "size_bytes", "path", "sha256", "state",
        ])
        #expect(try reopened.columns(of: "voicemail_pins") == ["box", "pin_hash", "set_at"])
        #expect(try reopened.columns(of: "voicemail_greetings") == ["box", "kind", "path", "recorded_at"])
        #expect(try reopened.columns(of: "recordings") == [
            "id", "call_id", "caller", "other_party", "reason", "started_at", "duration_seconds", "format",
            "size_bytes", "path", "sha256", "state", "flagged",
        ])
        #expect(try reopened.callCount() == 1, "reopening keeps the rows")
    }

    @Test func fileDatabasesUseWAL() throws {
        let (directory, path) = temporaryDatabasePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try AttendantDatabase(path: path).journalMode() == "wal")
        // FULL: a commit is durable before it returns (a power cut keeps every row written).
        #expect(try AttendantDatabase(path: path).synchronousMode() == 2)
    }

    @Test func everyFieldRoundTrips() throws {
        let database = try AttendantDatabase.inMemory()
        let answered = try database.insert(record(1))
        let unanswered = try database.insert(record(2, port: 3, answered: false))
        #expect(answered.id != nil)
        var expected = record(1)
        expected.id = answered.id
        #expect(try database.call(id: "call-1") == expected)
        var missed = record(2, port: 3, answered: false)
        missed.id = unanswered.id
        #expect(try database.call(id: "call-2") == missed)
        #expect(try database.call(id: "call-9") == nil)
    }

    @Test func recentCallsAreNewestFirstAndLimited() throws {
        let database = try AttendantDatabase.inMemory()
        for number in [3, 1, 2, 5, 4] { try database.insert(record(number)) }
        #expect(try database.recentCalls(limit: 3).map(\.callID) == ["call-5", "call-4", "call-3"])
        #expect(try database.recentCalls(limit: 10).count == 5)
    }

    @Test func writerNeverLosesARecordWhenTheQueueIsFull() throws {
        let database = try AttendantDatabase.inMemory()
        let writer = StorageWriter(database: database, capacity: 8)
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for index in 0..<125 { writer.submit(record(thread * 1000 + index)) }
        }
        writer.flush()
        #expect(try database.callCount() == 500)
        let statistics = writer.statistics
        #expect(statistics.written == 500)
        #expect(statistics.failed == 0)
        #expect(statistics.waitsOnFull > 0, "capacity 8 with 4 producers must have made some wait")
        writer.close()
        writer.close()  // idempotent
    }

    @Test func aFailedWriteIsCountedKeptAndDoesNotStopLaterWrites() throws {
        let database = try AttendantDatabase.inMemory()
        let writer = StorageWriter(database: database)
        writer.submit(record(1))
        writer.submit(record(1))  // same call id: violates UNIQUE
        writer.submit(record(2))
        writer.flush()
        #expect(writer.statistics.written == 2)
        #expect(writer.statistics.failed == 1)
        #expect(writer.failedRecords.map(\.callID) == ["call-1"])
        #expect(try database.callCount() == 2)
        writer.close()
    }

    @Test func openingAnUnwritablePathSaysWhichFile() {
        do {
            _ = try AttendantDatabase(path: "/proc/attendant/calls.sqlite")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("database /proc/attendant/calls.sqlite: "))
        }
    }
}

/// Voicemail's rows: a message is indexed as its recording begins, completed when the
/// recorder closes its file, moved between folders and deleted; a PIN is kept as given (a hash).
@Suite struct VoicemailStoreTests {
    @Test func aMessageRowLivesFromRecordingToDeletion() throws {
        let database = try AttendantDatabase.inMemory()
        let received = Date(timeIntervalSince1970: 1_767_258_000)
        let row = try database.insert(VoicemailMessage(box: "200", callID: "call-1", caller: "5551234", receivedAt: received,
                                                       format: "wav-ima-adpcm stereo", path: "/flash/vm200-call-1-r1.wav"))
        #expect(row.id != nil && row.folder == .new && row.state == .recording)
        #expect(try database.voicemailMessagesBeingRecorded().map(\.path) == [row.path])
        try database.finish(RecordingOutcome(path: row.path, durationSeconds: 4.5, sizeBytes: 18_000, sha256: "ab", state: .complete))
        try database.moveVoicemailMessage(path: row.path, to: .saved)
        let stored = try #require(try database.voicemailMessage(id: row.id!))
        #expect(stored.durationSeconds == 4.5 && stored.sizeBytes == 18_000 && stored.sha256 == "ab")
        #expect(stored.state == .complete && stored.folder == .saved && stored.receivedAt == received)
        #expect(try database.voicemailMessagesBeingRecorded().isEmpty)
        #expect(try database.voicemailMessages(box: "201").isEmpty)
        #expect(try database.deleteVoicemailMessage(path: row.path) == 1)
        #expect(try database.voicemailMessages().isEmpty)
    }

    @Test func aPINHashIsReplacedNotAdded() throws {
        let database = try AttendantDatabase.inMemory()
        #expect(try database.voicemailPINHash(box: "200") == nil)
        try database.setVoicemailPINHash("$argon2id$first", box: "200", at: Date())
        try database.setVoicemailPINHash("$argon2id$second", box: "200", at: Date())
        #expect(try database.voicemailPINHash(box: "200") == "$argon2id$second")
        try database.setVoicemailGreeting(box: "200", kind: "busy", path: "/flash/a.wav", at: Date())
        try database.setVoicemailGreeting(box: "200", kind: "busy", path: "/flash/b.wav", at: Date())
        #expect(try database.voicemailGreetings().map(\.path) == ["/flash/b.wav"])
    }
}
