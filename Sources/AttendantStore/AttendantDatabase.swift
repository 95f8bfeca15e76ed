import Foundation
import GRDB

/// Why the database could not be opened or used, with the file it concerns.
public struct StoreError: Error, CustomStringConvertible {
    public var path: String
    public var underlying: any Error
    public var description: String { "database \(path): \(underlying)" }
}

/// The caller database: the one owner of the GRDB connection(s) to one SQLite file.
///
/// Files are opened as a `DatabasePool` in WAL mode, so the console can read while
/// the storage thread writes, with `synchronous = FULL`: a commit is on flash before it
/// returns, so a power cut loses no row already written (WAL's default, NORMAL, lost the
/// last commits on the image's power-cut test). Opening migrates the schema to the newest version.
/// ```swift
/// let database = try AttendantDatabase(path: "var/attendant.sqlite")
/// try database.insert(record)
/// let last = try database.recentCalls(limit: 10)
/// ```
public final class AttendantDatabase: Sendable {
    let writer: any DatabaseWriter
    public let path: String

    public init(path: String) throws(StoreError) {
        self.path = path
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let pool = try DatabasePool(path: path)
            // After GRDB's WAL set-up, which chooses NORMAL; only the writer's connection commits.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            writer = pool
            try Migrations.migrator.migrate(writer)
        } catch {
            throw StoreError(path: path, underlying: error)
        }
    }

    private init(memoryWriter: DatabaseQueue) throws(StoreError) {
        path = ":memory:"
        writer = memoryWriter
        do {
            try Migrations.migrator.migrate(writer)
        } catch {
            throw StoreError(path: path, underlying: error)
        }
    }

    /// A private database that lives as long as this object (tests, simulations).
    public static func inMemory() throws(StoreError) -> AttendantDatabase {
        do {
            return try AttendantDatabase(memoryWriter: DatabaseQueue())
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: ":memory:", underlying: error)
        }
    }

    /// Inserts a finished call; returns it with its row id.
    @discardableResult
    public func insert(_ record: CallRecord) throws -> CallRecord { try insertRow(record) }

    /// Writes the row of a call just answered, in state "in progress".
    public func insert(_ call: OpenCall) throws {
        try writer.write { db in try call.insert(db) }
    }

    /// Completes the row the call's answer opened; inserts one when there is none (a
    /// call never answered, or an open row that could not be written). A row already
    /// completed is never overwritten: saving it again fails on `call_id`'s uniqueness.
    @discardableResult
    public func save(_ record: CallRecord) throws -> CallRecord {
        try writer.write { db in
            var record = record
            let open = CallRecord.filter(CallRecord.Columns.callID == record.callID && Self.isOpen)
            if let id = try Int64.fetchOne(db, open.select(CallRecord.Columns.id)) {
                record.id = id
                try record.update(db)
            } else {
                try record.insert(db)
            }
            return record
        }
    }

    /// The heartbeat: every call still in progress was running at `date`, and those in
    /// `progress` had reached their menus and keys. One transaction. Returns the rows stamped.
    @discardableResult
    public func stampOpenCalls(at date: Date, progress: [CallProgress] = []) throws -> Int {
        try writer.write { db in
            for call in progress {
                try CallRecord.filter(CallRecord.Columns.callID == call.callID && Self.isOpen).updateAll(db, [
                    CallRecord.Columns.menuPath.set(to: call.menuPath.joined(separator: CallRecord.pathSeparator)),
                    CallRecord.Columns.keys.set(to: call.keys),
                ])
            }
            return try CallRecord.filter(Self.isOpen).updateAll(db, CallRecord.Columns.lastSeenAt.set(to: date))
        }
    }

    /// Calls answered and not ended yet, as their rows say.
    public func openCalls() throws -> [OpenCall] {
        try writer.read { db in
            try OpenCall.filter(Self.isOpen).order(CallRecord.Columns.answeredAt, CallRecord.Columns.id).fetchAll(db)
        }
    }

    /// Closes the rows a stopped process left in progress (crash, power cut, kill -9):
    /// each becomes "interrupted", ended when the call was last seen, with the menus and
    /// keys the last heartbeat carried. Call it once at
    /// start, before answering; never while another process runs calls on the same file,
    /// or its calls would be closed under it. Returns the records as closed.
    @discardableResult
    public func closeInterruptedCalls() throws -> [CallRecord] {
        try writer.write { db in
            var closed: [CallRecord] = []
            for call in try OpenCall.filter(Self.isOpen).fetchAll(db) {
                let end = call.interruptedAt
                try CallRecord.filter(CallRecord.Columns.callID == call.callID).updateAll(db, [
                    CallRecord.Columns.state.set(to: CallState.interrupted),
                    CallRecord.Columns.disposition.set(to: CallDisposition.interrupted),
                    CallRecord.Columns.endedAt.set(to: end),
                    CallRecord.Columns.durationSeconds.set(to: end.timeIntervalSince(call.answeredAt)),
                ])
                if let record = try CallRecord.filter(CallRecord.Columns.callID == call.callID).fetchOne(db) {
                    closed.append(record)
                }
            }
            return closed
        }
    }

    /// What `PRAGMA integrity_check` says: "ok" for a sound file.
    public func integrityCheck() throws -> String {
        try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
    }

    private static var isOpen: SQLExpression { CallRecord.Columns.state == CallState.inProgress.rawValue }

    /// Inserts a queue event; returns it with its row id.
    @discardableResult
    public func insert(_ event: QueueEvent) throws -> QueueEvent { try insertRow(event) }

    private func insertRow<Row: MutablePersistableRecord & Sendable>(_ row: Row) throws -> Row {
        try writer.write { db in
            var row = row
            try row.insert(db)
            return row
        }
    }

    /// Queue events in the order they happened; those of one call when `callID` is given.
    public func queueEvents(callID: String? = nil) throws -> [QueueEvent] {
        try writer.read { db in
            var request = QueueEvent.order(Column("at"), Column("id"))
            if let callID { request = request.filter(Column("call_id") == callID) }
            return try request.fetchAll(db)
        }
    }

    /// The newest finished calls first (completed or interrupted).
    public func recentCalls(limit: Int) throws -> [CallRecord] {
        try writer.read { db in
            try CallRecord.filter(!Self.isOpen)
                .order(CallRecord.Columns.endedAt.desc, CallRecord.Columns.id.desc)
                .limit(limit)
                .fetchAll(db)
        }
    }

    public func call(id callID: String) throws -> CallRecord? {
        try writer.read { db in
            try CallRecord.filter(CallRecord.Columns.callID == callID && !Self.isOpen).fetchOne(db)
        }
    }

    /// Rows in `calls`, open ones included.
    public func callCount() throws -> Int {
        try writer.read { db in try CallRecord.fetchCount(db) }
    }

    /// How SQLite syncs commits, as `PRAGMA synchronous` reports it (2: FULL).
    public func synchronousMode() throws -> Int {
        try writer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The journal mode SQLite reports ("wal" for files).
    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Column names of a table, for schema checks.
    public func columns(of table: String) throws -> [String] {
        try writer.read { db in try db.columns(in: table).map(\.name) }
    }

    /// Names of the migrations applied so far.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Array(Migrations.migrator.appliedMigrations(db)) }
    }
}
