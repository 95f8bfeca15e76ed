import Foundation
import GRDB

/// What is known of a call the moment it is answered: the row of `calls` written then,
/// in state "in progress", so that a call cut short by a crash or a power cut still
/// leaves a record. Ending the call completes the same row (``CallRecord``).
///
/// ```swift
/// try database.insert(OpenCall(callID: id, port: 1, callerNumber: "5551234",
///                              ringAt: ring, answeredAt: answer, menuVersion: program.version))
/// try database.stampOpenCalls(at: now)          // the heartbeat, about once a second
/// let closed = try database.closeInterruptedCalls()  // at start: rows a stopped process left open
/// ```
public struct OpenCall: Sendable, Equatable {
    public var callID: String
    /// The board's port, numbered from 1.
    public var port: Int
    public var callerNumber: String?
    public var ringAt: Date
    public var answeredAt: Date
    public var menuVersion: UInt64?
    /// The last time the process was known to be running the call (the heartbeat).
    public var lastSeenAt: Date

    public init(callID: String, port: Int, callerNumber: String?, ringAt: Date, answeredAt: Date,
                menuVersion: UInt64?, lastSeenAt: Date? = nil) {
        self.callID = callID
        self.port = port
        self.callerNumber = callerNumber
        self.ringAt = ringAt
        self.answeredAt = answeredAt
        self.menuVersion = menuVersion
        self.lastSeenAt = lastSeenAt ?? answeredAt
    }

    /// When a call a process stopped in ended, as far as anyone can know: when it was last seen.
    var interruptedAt: Date { max(lastSeenAt, answeredAt) }
}

/// How far a call in progress has gone, carried by the heartbeat so that a call a crash
/// cuts short keeps the menus and keys it had reached.
public struct CallProgress: Sendable, Equatable {
    public var callID: String
    public var menuPath: [String]
    public var keys: String

    public init(callID: String, menuPath: [String], keys: String) {
        self.callID = callID
        self.menuPath = menuPath
        self.keys = keys
    }
}

extension OpenCall: FetchableRecord, PersistableRecord {
    public static let databaseTableName = CallRecord.databaseTableName

    public typealias Columns = CallRecord.Columns

    public init(row: Row) throws {
        callID = row[Columns.callID]
        port = row[Columns.port]
        callerNumber = row[Columns.callerNumber]
        ringAt = row[Columns.ringAt]
        // A row from before answers were written as they happened may lack one: the ring is the best known.
        let answered: Date? = row[Columns.answeredAt]
        answeredAt = answered ?? ringAt
        let version: String? = row[Columns.menuVersion]
        menuVersion = version.flatMap { UInt64($0, radix: 16) }
        let seen: Date? = row[Columns.lastSeenAt]
        lastSeenAt = seen ?? answeredAt
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.callID] = callID
        container[Columns.port] = port
        container[Columns.callerNumber] = callerNumber
        container[Columns.ringAt] = ringAt
        container[Columns.answeredAt] = answeredAt
        container[Columns.menuPath] = ""
        container[Columns.keys] = ""
        container[Columns.menuVersion] = CallRecord.hex(menuVersion)
        container[Columns.state] = CallState.inProgress
        container[Columns.lastSeenAt] = lastSeenAt
    }
}
