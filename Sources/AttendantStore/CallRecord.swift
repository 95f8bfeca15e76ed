import Foundation
import GRDB

/// How a call ended, as stored in `calls.disposition`.
public enum CallDisposition: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case callerHungUp = "caller hung up"
    case menuHungUp = "menu hung up"
    case noAnswer = "no answer"
    case farEndHungUp = "far end hung up"
    case failed
    /// A file-level `ignore` rule matched the caller: never answered.
    case ignored
    /// The appliance was shutting down and the call outlasted the grace: it ended it.
    case shutDown = "shut down"
    /// The process stopped (crash, power cut) mid-call; the end is the last time it was seen.
    case interrupted
}

/// Where a row of `calls` is in its life, as stored in `calls.state`.
public enum CallState: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Answered and not ended yet (or the process stopped before it could say).
    case inProgress = "in progress"
    case completed
    /// Left in progress by a process that stopped; closed by the next start.
    case interrupted
}

/// One row of `calls` once the call is over: the call detail record. While an answered
/// call lasts its row holds an ``OpenCall``; ending completes that row.
///
/// ```swift
/// let record = CallRecord(callID: "…", port: 1, callerNumber: "5551234", ringAt: ring,
///                         answeredAt: answer, endedAt: end, durationSeconds: 12.5,
///                         menuPath: ["main", "sales"], keys: "1", disposition: .callerHungUp,
///                         menuVersion: program.version)
/// try database.insert(record)
/// ```
public struct CallRecord: Sendable, Equatable {
    public var id: Int64?
    public var callID: String
    /// The board's port, numbered from 1.
    public var port: Int
    public var callerNumber: String?
    public var ringAt: Date
    public var answeredAt: Date?
    public var endedAt: Date
    /// From answer to end; 0 for a call never answered.
    public var durationSeconds: Double
    /// The menus the caller went through, in order.
    public var menuPath: [String]
    /// The keys the caller pressed, in order.
    public var keys: String
    public var disposition: CallDisposition
    /// The version of the menu program the call ran on.
    public var menuVersion: UInt64?
    /// `.completed`, or `.interrupted` for a call a stopped process never finished.
    public var state: CallState

    public init(id: Int64? = nil, callID: String, port: Int, callerNumber: String?, ringAt: Date,
                answeredAt: Date?, endedAt: Date, durationSeconds: Double, menuPath: [String],
                keys: String, disposition: CallDisposition, menuVersion: UInt64?, state: CallState = .completed) {
        self.id = id
        self.callID = callID
        self.port = port
        self.callerNumber = callerNumber
        self.ringAt = ringAt
        self.answeredAt = answeredAt
        self.endedAt = endedAt
        self.durationSeconds = durationSeconds
        self.menuPath = menuPath
        self.keys = keys
        self.disposition = disposition
        self.menuVersion = menuVersion
        self.state = state
    }

    /// Menu names are joined with this in the `menu_path` column.
    static let pathSeparator = " > "
}

extension CallRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "calls"

    public enum Columns {
        public static let id = Column("id")
        public static let callID = Column("call_id")
        public static let port = Column("port")
        public static let callerNumber = Column("caller_number")
        public static let ringAt = Column("ring_at")
        public static let answeredAt = Column("answered_at")
        public static let endedAt = Column("ended_at")
        public static let durationSeconds = Column("duration_seconds")
        public static let menuPath = Column("menu_path")
        public static let keys = Column("keys")
        public static let disposition = Column("disposition")
        public static let menuVersion = Column("menu_version")
        public static let state = Column("state")
        public static let lastSeenAt = Column("last_seen_at")
    }

    public init(row: Row) throws {
        id = row[Columns.id]
        callID = row[Columns.callID]
        port = row[Columns.port]
        callerNumber = row[Columns.callerNumber]
        ringAt = row[Columns.ringAt]
        answeredAt = row[Columns.answeredAt]
        endedAt = row[Columns.endedAt]
        durationSeconds = row[Columns.durationSeconds]
        let path: String = row[Columns.menuPath]
        menuPath = path.isEmpty ? [] : path.components(separatedBy: Self.pathSeparator)
        keys = row[Columns.keys]
        disposition = row[Columns.disposition]
        let version: String? = row[Columns.menuVersion]
        menuVersion = version.flatMap { UInt64($0, radix: 16) }
        state = row[Columns.state]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.id] = id
        container[Columns.callID] = callID
        container[Columns.port] = port
        container[Columns.callerNumber] = callerNumber
        container[Columns.ringAt] = ringAt
        container[Columns.answeredAt] = answeredAt
        container[Columns.endedAt] = endedAt
        container[Columns.durationSeconds] = durationSeconds
        container[Columns.menuPath] = menuPath.joined(separator: Self.pathSeparator)
        container[Columns.keys] = keys
        container[Columns.disposition] = disposition
        // Hex text: SQLite integers are signed 64-bit, a version hash is not.
        container[Columns.menuVersion] = Self.hex(menuVersion)
        container[Columns.state] = state
    }

    static func hex(_ version: UInt64?) -> String? { version.map { String($0, radix: 16) } }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
