import AttendantEngine
import AttendantMenu

/// What an agent is doing, as the call centre sees it.
public enum AgentState: Sendable, Equatable, CustomStringConvertible {
    case loggedOut
    case available
    /// The agent's phone rings for the caller on `caller` (0-based port).
    case ringing(caller: Int)
    case onCall(caller: Int)
    /// After a call, until `frame`: no offers meanwhile.
    case wrapUp(until: Int64)
    /// By star code, the console, or after missing too many offers.
    case paused(reason: String)

    public var description: String {
        switch self {
        case .loggedOut: "logged out"
        case .available: "available"
        case .ringing(let caller): "ringing for port \(caller + 1)"
        case .onCall(let caller): "on a call with port \(caller + 1)"
        case .wrapUp: "wrap-up"
        case .paused(let reason): "paused (\(reason))"
        }
    }

    /// Logged in: counts as staffing a queue, even when busy or paused… except paused.
    var isStaffing: Bool {
        switch self {
        case .loggedOut, .paused: false
        default: true
        }
    }
}

/// One agent: an office phone (extension N is board port N) and the person at it.
public struct Agent: Sendable, Equatable {
    public var number: Int
    public var state: AgentState = .loggedOut
    /// The frame the state began.
    public var since: Int64 = 0
    public var skills: [String: Int] = [:]
    /// `agent N record …`: whether the agent's calls are recorded.
    public var recording = AgentRecordingPolicy.onDemand
    public var callsToday = 0
    /// When the agent's last call ended (frame); nil before the first.
    public var lastCallEnded: Int64?
    /// Offers missed in a row; a call answered resets it.
    public var missesInRow = 0
    /// The caller's call of the agent's last call, for `*15` outcomes.
    public var lastCallID: String?

    public var port: Int { number - 1 }
}

/// The star codes an office phone dials, documented in docs/agents.md.
public enum StarCode: Equatable, Sendable {
    case logIn
    case logOut
    /// `*13` then a reason code (digits), e.g. `*132` for "lunch" as the office numbers them.
    case pause(reason: String)
    case unpause
    /// `*15` then the outcome code of the last call.
    case outcome(String)
    /// `*21`, `*22`, `*23` then an agent's extension: listen, whisper, barge.
    case monitor(agent: Int, MonitorMode)

    /// The code dialled (digits after `*`), or nil when it is not a star code.
    public init?(dialled: String) {
        guard dialled.hasPrefix("*"), dialled.count >= 3 else { return nil }
        let code = dialled.dropFirst().prefix(2)
        let argument = String(dialled.dropFirst(3))
        switch code {
        case "11" where argument.isEmpty: self = .logIn
        case "12" where argument.isEmpty: self = .logOut
        case "13": self = .pause(reason: argument.isEmpty ? "unspecified" : argument)
        case "14" where argument.isEmpty: self = .unpause
        case "15" where !argument.isEmpty: self = .outcome(argument)
        case "21", "22", "23":
            guard let agent = Int(argument) else { return nil }
            self = .monitor(agent: agent, code == "21" ? .listen : code == "22" ? .whisper : .barge)
        default: return nil
        }
    }
}
