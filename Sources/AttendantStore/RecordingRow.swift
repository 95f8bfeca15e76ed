import Foundation
import GRDB

/// Where a recording's file stands, as `recordings.state` says.
public enum RecordingState: String, Codable, Sendable, DatabaseValueConvertible {
    /// Being written; a row still so at start was cut by a crash or a power cut.
    case recording
    /// Closed when its call ended: size, duration and checksum are the file's.
    case complete
    /// Cut by a crash or power cut; its file was repaired at the next start.
    case cut
}

/// What a recording was made for; each kind may have a quota of its own.
public enum RecordingKind: String, Sendable, CaseIterable, Hashable {
    /// A menu's `record`.
    case menu
    /// A queue's `record always`.
    case queue
    /// An agent's `record always`, or `*1` on the agent's phone.
    case agent
    /// The console's `record PORT`.
    case console
    /// Voicemail messages and greetings (never rotated).
    case voicemail

    /// The kind a `recordings.reason` names: its first word (`queue support` is `queue`).
    public init?(reason: String) {
        self.init(rawValue: String(reason.prefix { $0 != " " }))
    }
}

/// One row of `recordings`: a recording's file and the call it belongs to.
public struct RecordingRow: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "recordings"

    public var id: Int64?
    public var callID: String
    /// The caller's number, when caller ID came.
    public var caller: String?
    /// Who the caller talked to: an agent's extension, a queue, or nil for a menu recording.
    public var otherParty: String?
    /// Why it is recorded: `menu`, `queue NAME`, `agent N`, `agent N on demand`, `console`.
    public var reason: String
    public var startedAt: Date
    public var durationSeconds: Double
    /// `wav-pcm16`, `wav-alaw`, `wav-ulaw`, `wav-ima-adpcm`, with `stereo` or `mono`.
    public var format: String
    public var sizeBytes: Int64
    public var path: String
    /// Hex SHA-256 of the file as closed; nil while recording.
    public var sha256: String?
    public var state: RecordingState
    /// Kept when space is short (rotation never removes it).
    public var flagged: Bool

    enum CodingKeys: String, CodingKey {
        case id, callID = "call_id", caller, otherParty = "other_party", reason
        case startedAt = "started_at", durationSeconds = "duration_seconds", format
        case sizeBytes = "size_bytes", path, sha256, state, flagged
    }

    /// The kind its reason names; a reason from an older version that names none counts as `menu`.
    public var kind: RecordingKind { RecordingKind(reason: reason) ?? .menu }

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let state = Column(CodingKeys.state)
        public static let path = Column(CodingKeys.path)
        public static let startedAt = Column(CodingKeys.startedAt)
    }

    public init(id: Int64? = nil, callID: String, caller: String?, otherParty: String?, reason: String, startedAt: Date,
                durationSeconds: Double = 0, format: String, sizeBytes: Int64 = 0, path: String, sha256: String? = nil,
                state: RecordingState = .recording, flagged: Bool = false) {
        self.id = id
        self.callID = callID
        self.caller = caller
        self.otherParty = otherParty
        self.reason = reason
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.format = format
        self.sizeBytes = sizeBytes
        self.path = path
        self.sha256 = sha256
        self.state = state
        self.flagged = flagged
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// What a closed (or repaired) file is: written to its row by path.
public struct RecordingOutcome: Sendable, Equatable {
    public var path: String
    public var durationSeconds: Double
    public var sizeBytes: Int64
    public var sha256: String
    public var state: RecordingState

    public init(path: String, durationSeconds: Double, sizeBytes: Int64, sha256: String, state: RecordingState) {
        self.path = path
        self.durationSeconds = durationSeconds
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
        self.state = state
    }
}

extension AttendantDatabase {
    @discardableResult
    public func insert(_ recording: RecordingRow) throws -> RecordingRow {
        try writer.write { db in
            var row = recording
            try row.insert(db)
            return row
        }
    }

    /// Completes the row of the recording (or voicemail message) at `outcome.path`.
    public func finish(_ outcome: RecordingOutcome) throws {
        try writer.write { db in
            _ = try RecordingRow.filter(RecordingRow.Columns.path == outcome.path).updateAll(db, [
                Column("duration_seconds").set(to: outcome.durationSeconds),
                Column("size_bytes").set(to: outcome.sizeBytes),
                Column("sha256").set(to: outcome.sha256),
                RecordingRow.Columns.state.set(to: outcome.state.rawValue),
            ])
            // A voicemail message is a recording too: its row is completed the same way.
            try finishVoicemailMessage(outcome, in: db)
        }
    }

    /// Recordings newest first; those still `recording` only when `state` says.
    public func recordings(state: RecordingState? = nil, limit: Int = 1000) throws -> [RecordingRow] {
        try writer.read { db in
            var request = RecordingRow.order(RecordingRow.Columns.startedAt.desc, RecordingRow.Columns.id.desc)
            if let state { request = request.filter(RecordingRow.Columns.state == state.rawValue) }
            return try request.limit(limit).fetchAll(db)
        }
    }

    public func recording(id: Int64) throws -> RecordingRow? {
        try writer.read { db in try RecordingRow.fetchOne(db, key: id) }
    }

    /// Keeps the recording from rotation (or lets it go).
    @discardableResult
    public func flagRecording(id: Int64, _ flagged: Bool) throws -> Bool {
        try writer.write { db in
            try RecordingRow.filter(key: id).updateAll(db, Column("flagged").set(to: flagged)) > 0
        }
    }

    @discardableResult
    public func deleteRecording(id: Int64) throws -> Bool {
        try writer.write { db in try RecordingRow.deleteOne(db, key: id) }
    }

    @discardableResult
    public func deleteRecording(path: String) throws -> Int {
        try writer.write { db in try RecordingRow.filter(RecordingRow.Columns.path == path).deleteAll(db) }
    }
}
