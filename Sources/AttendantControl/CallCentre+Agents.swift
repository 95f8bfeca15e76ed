import AttendantEngine
import AttendantMenu
import AttendantStore

/// Agents: logging in and out, pausing, star codes from their phones, and a supervisor
/// joining a call (from a phone or the console).
extension CallCentre {
    /// Logs an agent in to every queue they belong to; false for an unknown agent.
    @discardableResult
    public func logIn(_ number: Int) -> Bool {
        guard let agent = agents[number] else { return false }
        if agent.state == .loggedOut { setState(number, .available, event: .loggedIn) }
        return true
    }

    @discardableResult
    public func logOut(_ number: Int) -> Bool {
        guard let agent = agents[number] else { return false }
        if agent.state != .loggedOut { setState(number, .loggedOut, event: .loggedOut) }
        return true
    }

    /// Pauses a logged-in agent: no offers until unpaused. A call in progress goes on.
    @discardableResult
    public func pause(_ number: Int, reason: String) -> Bool {
        guard let agent = agents[number], agent.state != .loggedOut else { return false }
        setState(number, .paused(reason: reason), event: .paused, reason: reason)
        return true
    }

    @discardableResult
    public func unpause(_ number: Int) -> Bool {
        guard let agent = agents[number], case .paused = agent.state else { return false }
        agents[number]?.missesInRow = 0
        setState(number, .available, event: .unpaused)
        return true
    }


    /// The console's `agent listen|whisper|barge N from EXTENSION`: the supervisor's office
    /// phone, off hook, joins agent `number`'s call. An error message, or nil when sent.
    public func monitor(agent number: Int, from supervisor: Int, _ mode: MonitorMode,
                        isBridged: (Int) -> Bool, isHearingDialTone: (Int) -> Bool) -> String? {
        guard let agent = agents[number] else { return "no agent \(number)" }
        guard case .onCall = agent.state, isBridged(port(ofAgent: number)) else { return "agent \(number) is not on a call" }
        guard supervisor >= 1, isHearingDialTone(supervisor - 1) else {
            return "pick up the phone on extension \(supervisor) first (it must hear dial tone)"
        }
        send(.monitor(supervisor: supervisor - 1, agent: port(ofAgent: number), mode))
        log(.supervised, agent: number, detail: supervisor, reason: "\(mode)")
        return nil
    }

    /// A star code dialled on an office phone; what the phone should hear (nil: the
    /// engine answers, as when a supervisor joins a call).
    func starCode(_ code: StarCode, phone: Int) -> StarCodeReply? {
        let number = phone + 1
        if case .monitor(let agent, let mode) = code {
            // Any office phone may supervise; the engine refuses when the agent is not on a call.
            send(.monitor(supervisor: phone, agent: port(ofAgent: agent), mode))
            log(.supervised, agent: agent, detail: number, reason: "\(mode)")
            return nil
        }
        guard let agent = agents[number] else { return .refused }
        switch code {
        case .logIn: return logIn(number) ? .loggedIn : .refused
        case .logOut: return logOut(number) ? .loggedOut : .refused
        case .pause(let reason): return pause(number, reason: reason) ? .loggedOut : .refused
        case .unpause: return unpause(number) ? .loggedIn : .refused
        case .outcome(let outcome):
            guard let callID = agent.lastCallID else { return .refused }
            log(.outcome, callID: callID, agent: number, reason: outcome)
            return .loggedIn
        case .monitor:
            return nil
        }
    }
}
