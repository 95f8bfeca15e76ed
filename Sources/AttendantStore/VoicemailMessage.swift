import Foundation
import GRDB

/// Where a message stands in its box: `new` until its owner has heard it, then `old`;
/// `saved` when the owner kept it.
public enum VoicemailFolder: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case new, old, saved
}

/// One row of `voicemail_messages`: a message a caller left, and its file (a recording).
public struct VoicemailMessage: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "voicemail_messages"

    public var id: Int64?
    public var box: String
    public var folder: VoicemailFolder
    public var callID: String
    /// The caller's number, when caller ID came.
    public var caller: String?
    public var receivedAt: Date
    public var durationSeconds: Double
    public var format: String
    public var sizeBytes: Int64
    public var path: String
    /// Hex SHA-256 of the file as closed; nil while it is being recorded.
    public var sha256: String?
    public var state: RecordingState

    enum CodingKeys: String, CodingKey {
        case id, box, folder, callID = "call_id", caller, receivedAt = "received_at"
        case durationSeconds = "duration_seconds", format, sizeBytes = "size_bytes", path, sha256, state
    }

    public enum Columns {
        public static let box = Column(CodingKeys.box)
        public static let folder = Column(CodingKeys.folder)
        public static let path = Column(CodingKeys.path)
        public static let receivedAt = Column(CodingKeys.receivedAt)
    }

    public init(id: Int64? = nil, box: String, folder: VoicemailFolder = .new, callID: String, caller: String?,
                receivedAt: Date, durationSeconds: Double = 0, format: String, sizeBytes: Int64 = 0, path: String,
                sha256: String? = nil, state: RecordingState = .recording) {
        self.id = id
        self.box = box
        self.folder = folder
        self.callID = callID
        self.caller = caller
        self.receivedAt = receivedAt
        self.durationSeconds = durationSeconds
        self.format = format
        self.sizeBytes = sizeBytes
        self.path = path
        self.sha256 = sha256
        self.state = state
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension AttendantDatabase {
    @discardableResult
    public func insert(_ message: VoicemailMessage) throws -> VoicemailMessage {
        try writer.write { db in
            var row = message
            try row.insert(db)
            return row
        }
    }

    /// Messages, oldest first: of one box, or of all.
    public func voicemailMessages(box: String? = nil) throws -> [VoicemailMessage] {
        try writer.read { db in
            var request = VoicemailMessage.order(VoicemailMessage.Columns.receivedAt, Column("id"))
            if let box { request = request.filter(VoicemailMessage.Columns.box == box) }
            return try request.fetchAll(db)
        }
    }

    public func voicemailMessage(id: Int64) throws -> VoicemailMessage? {
        try writer.read { db in try VoicemailMessage.fetchOne(db, key: id) }
    }

    /// Moves the message at `path` to `folder`.
    public func moveVoicemailMessage(path: String, to folder: VoicemailFolder) throws {
        try writer.write { db in
            _ = try VoicemailMessage.filter(VoicemailMessage.Columns.path == path)
                .updateAll(db, VoicemailMessage.Columns.folder.set(to: folder.rawValue))
        }
    }

    @discardableResult
    public func deleteVoicemailMessage(path: String) throws -> Int {
        try writer.write { db in try VoicemailMessage.filter(VoicemailMessage.Columns.path == path).deleteAll(db) }
    }

    /// Completes the row of the message whose file is at `outcome.path` (the recorder closed or repaired it).
    func finishVoicemailMessage(_ outcome: RecordingOutcome, in db: Database) throws {
        _ = try VoicemailMessage.filter(VoicemailMessage.Columns.path == outcome.path).updateAll(db, [
            Column("duration_seconds").set(to: outcome.durationSeconds),
            Column("size_bytes").set(to: outcome.sizeBytes),
            Column("sha256").set(to: outcome.sha256),
            Column("state").set(to: outcome.state.rawValue),
        ])
    }

    /// Messages a crash left `recording`, for repair at start.
    public func voicemailMessagesBeingRecorded() throws -> [VoicemailMessage] {
        try writer.read { db in try VoicemailMessage.filter(Column("state") == RecordingState.recording.rawValue).fetchAll(db) }
    }

    // MARK: - PINs

    /// The box's PIN hash (a PHC string) as the console last set it; nil: never set.
    public func voicemailPINHash(box: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT pin_hash FROM voicemail_pins WHERE box = ?", arguments: [box]) }
    }

    public func setVoicemailPINHash(_ hash: String, box: String, at date: Date) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO voicemail_pins (box, pin_hash, set_at) VALUES (?, ?, ?)
                ON CONFLICT(box) DO UPDATE SET pin_hash = excluded.pin_hash, set_at = excluded.set_at
                """, arguments: [box, hash, date])
        }
    }

    // MARK: - Greetings

    /// Greetings recorded by phone: box, kind (`unavailable`, `busy`, `name`) and file.
    public func voicemailGreetings() throws -> [(box: String, kind: String, path: String)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT box, kind, path FROM voicemail_greetings ORDER BY box, kind")
                .map { (box: $0["box"], kind: $0["kind"], path: $0["path"]) }
        }
    }

    public func setVoicemailGreeting(box: String, kind: String, path: String, at date: Date) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO voicemail_greetings (box, kind, path, recorded_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(box, kind) DO UPDATE SET path = excluded.path, recorded_at = excluded.recorded_at
                """, arguments: [box, kind, path, date])
        }
    }
}
