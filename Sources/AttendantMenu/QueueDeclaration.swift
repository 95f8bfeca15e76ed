import AttendantSyntax

public typealias QueueID = Int

/// A checked `queue` block: the agents who answer it, how one is chosen, and what
/// waiting callers hear and may do. The control side runs it; the engine plays it.
public struct QueueDeclaration: Sendable {
    public static let defaultRingMilliseconds = 15_000
    public static let defaultWrapUpMilliseconds = 10_000
    public static let defaultPauseAfterMisses = 3
    public static let defaultAnnounceMilliseconds = 30_000

    public var name: String
    public var location: SourceLocation
    /// Extension numbers (office phones, numbered from 1 as on the front panel).
    public var agents: [Int]
    public var strategy: QueueStrategy
    public var ringMilliseconds: Int
    public var wrapUpMilliseconds: Int
    /// Offers in a row an agent may miss before being paused.
    public var pauseAfterMisses: Int
    /// How often a waiting caller hears their position and the estimated wait; nil: never.
    public var announceMilliseconds: Int?
    /// What waiting callers hear between announcements, each from the moment they join.
    public var music: PromptID
    public var maxWaitMilliseconds: Int?
    public var maxCallers: Int?
    /// Callers for whom it holds wait ahead of everyone else.
    public var vip: Condition?
    /// 16 entries by `DTMFKey.rawValue`: what a key does while the caller waits.
    public var keyActions: [MenuAction?]
    /// `max-wait` reached.
    public var onTimeout: MenuAction?
    /// `max-callers` already waiting.
    public var onFull: MenuAction?
    /// No agent of the queue is logged in (or all are paused).
    public var onNoAgents: MenuAction?
    /// The schedule whose hours the queue keeps; nil: always open.
    public var hours: ScheduleID?
    /// The schedule is closed (a caller comes, or it closes while callers wait).
    public var onClosed: MenuAction?
    /// Digits an agent dials after a hook flash to put the caller on hold into this queue.
    public var number: String?
    /// `record always`: each caller's conversation with an agent is recorded (caller left, agent right).
    public var recordsCalls = false
    /// `record always announce PROMPT`: played to a caller as they join, before the music.
    public var recordAnnouncement: PromptID?

    /// Overflow handlers in `QueueOverflow` order.
    public var overflowActions: [MenuAction?] { [onTimeout, onFull, onNoAgents, onClosed] }

    public var allActions: [MenuAction] {
        keyActions.compactMap { $0 } + overflowActions.compactMap { $0 }
    }
}

/// Why a waiting caller leaves the queue for the queue's handler.
public enum QueueOverflow: Int32, Sendable, Equatable, BitwiseCopyable, CaseIterable {
    case timeout, full, noAgents, closed
}

/// `agent N skills ...`: skills with levels 1 to 10; `mobile NUMBER`: a follow-me
/// agent, offered calls by dialling that number on a free line.
public struct AgentDeclaration: Sendable, Equatable {
    public var number: Int
    public var skills: [String: Int]
    public var mobile: String?
    public var recording = AgentRecordingPolicy.onDemand
    public var location: SourceLocation
}

/// `agent N record …`: whether an agent's conversations are recorded.
public enum AgentRecordingPolicy: String, Sendable, Equatable {
    /// Every caller the agent talks to, from the moment they are connected.
    case always
    /// When the agent presses `*1` during the call (the default); `*1` again stops it.
    case onDemand = "on-demand"
    /// Never: not for a queue's `record always`, not by `*1`, not from the console.
    case never
}

/// The recordings a program with queues needs besides its menus' prompts: what a
/// waiting caller is told and what an agent's phone confirms.
public struct QueueSounds: Sendable, Equatable {
    /// Catalogue names, in the order of the stored prompt IDs.
    public static let names = ["queue-position", "queue-waiting", "queue-next", "queue-hold-time",
                               "agent-logged-in", "agent-logged-out", "agent-incorrect",
                               "callback-requested", "callback-impossible", "callback-connecting",
                               "agent-call", "agent-accept", "hold-music"]
    public static let defaultMusic = "hold-music"

    /// "You are currently caller number" … "waiting to speak to a representative".
    public var position: PromptID
    public var waiting: PromptID
    /// "Your call is now first in line".
    public var next: PromptID
    /// "The estimated hold time is currently", then the wait said as a duration ("3 минуты").
    public var holdTime: PromptID
    public var loggedIn: PromptID
    public var loggedOut: PromptID
    /// A star code that was not understood or not allowed.
    public var incorrect: PromptID
    /// A caller who asked to be called back, before the line is released.
    public var callbackRequested: PromptID
    /// A caller who asked to be called back without a caller ID: it keeps waiting.
    public var callbackImpossible: PromptID
    /// The caller called back, as it answers, before it waits for the next agent.
    public var callbackConnecting: PromptID
    /// A follow-me agent answering their mobile: "you have an incoming call" …
    public var agentCall: PromptID
    /// … "press 1 to accept this call, or 2 to reject it".
    public var agentAccept: PromptID

    /// Every ID, in the order of `names` (without the music).
    public var all: [PromptID] {
        [position, waiting, next, holdTime, loggedIn, loggedOut, incorrect,
         callbackRequested, callbackImpossible, callbackConnecting, agentCall, agentAccept]
    }

    init?(_ ids: [PromptID]) {
        guard ids.count >= 12 else { return nil }
        (position, waiting, next, holdTime, loggedIn, loggedOut, incorrect)
            = (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6])
        (callbackRequested, callbackImpossible, callbackConnecting, agentCall, agentAccept)
            = (ids[7], ids[8], ids[9], ids[10], ids[11])
    }
}
