import Foundation
import GRDB

/// What happened in a queue, as stored in `queue_events.kind`.
public enum QueueEventKind: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// A caller joined; `detail`: 1 for a VIP.
    case entered
    /// A caller was told its place; `detail`: the position.
    case announced
    /// An agent's phone rang for the caller.
    case offered
    /// The agent did not answer in time.
    case missed
    /// The caller and the agent talk; `waitSeconds` says how long the caller waited.
    case connected
    /// The caller left the queue with a key (`detail`: the key's ASCII code).
    case leftByKey = "left by key"
    /// The caller was sent to an overflow handler; `reason` says which.
    case overflowed
    /// The caller hung up while waiting; `waitSeconds` says after how long.
    case abandoned
    /// The agent hung up; `detail`: the call's talk time in seconds.
    case completed
    /// The caller was put through to extension `agent` (blind or attended), or agent
    /// `agent` put it in another queue (`reason`: "queue NAME").
    case transferred
    /// A supervisor's phone (`detail`: its extension) joined agent `agent`'s call; `reason`: listen, whisper or barge.
    case supervised
    /// An agent logged in, logged out, paused (`reason`), unpaused, or set an outcome (`detail`).
    case loggedIn = "logged in"
    case loggedOut = "logged out"
    case paused
    case unpaused
    case outcome
    /// The caller asked to be called back on its caller ID and left the line; its place is kept.
    case callbackRequested = "callback requested"
    /// The caller's place came up: line `detail` dials it.
    case callbackPlaced = "callback placed"
    /// The caller called back answered and waits, first, for the next agent; `reason`: the new call's id.
    case callbackAnswered = "callback answered"
    /// A callback did not connect (`reason`: busy, no answer …); retried a minute later, twice.
    case callbackFailed = "callback failed"
}

/// One row of `queue_events`: enough, with `calls`, to compute waits, abandon rate,
/// service level and occupancy from the database alone.
public struct QueueEvent: Sendable, Equatable {
    public var id: Int64?
    public var at: Date
    public var kind: QueueEventKind
    /// The queue's name; nil for an agent's own events (log in, pause…).
    public var queue: String?
    /// The caller's call (`calls.call_id`); nil for agent events.
    public var callID: String?
    /// The agent's extension, when one is concerned.
    public var agent: Int?
    public var waitSeconds: Double?
    public var detail: Int?
    public var reason: String?

    public init(id: Int64? = nil, at: Date, kind: QueueEventKind, queue: String? = nil, callID: String? = nil,
                agent: Int? = nil, waitSeconds: Double? = nil, detail: Int? = nil, reason: String? = nil) {
        self.id = id
        self.at = at
        self.kind = kind
        self.queue = queue
        self.callID = callID
        self.agent = agent
        self.waitSeconds = waitSeconds
        self.detail = detail
        self.reason = reason
    }
}

extension QueueEvent: Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "queue_events"

    enum CodingKeys: String, CodingKey {
        case id, at, kind, queue, agent, detail, reason
        case callID = "call_id"
        case waitSeconds = "wait_seconds"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
