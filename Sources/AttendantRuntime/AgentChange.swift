import AttendantEngine

/// A change to an agent's state asked for from outside the call centre (a console).
public enum AgentChange: Sendable, Equatable {
    case logIn, logOut, unpause
    case pause(reason: String)
    /// The supervisor's office phone `from` (an extension, off hook) joins the agent's call.
    case monitor(MonitorMode, from: Int)
}
