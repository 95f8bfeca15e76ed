import AttendantMenu

/// A queue as the console shows it.
public struct QueueView: Sendable, Equatable {
    public var name: String
    public var strategy: String
    public var waiting: Int
    /// How long the caller who has waited longest has waited, in seconds.
    public var longestWaitSeconds: Double
    public var loggedIn: Int
    public var available: Int
    public var handled: Int
}

/// An agent as the console shows it.
public struct AgentView: Sendable, Equatable {
    public var number: Int
    public var state: AgentState
    /// Seconds in the current state.
    public var seconds: Double
    public var queues: [String]
    public var callsToday: Int
    public var missesInRow: Int
    public var recording: AgentRecordingPolicy
}

extension CallCentre {
    public var queueViews: [QueueView] {
        queues.map { queue in
            let callers = waiting[queue.name] ?? []
            let members = queue.agents.compactMap { agents[$0] }
            return QueueView(name: queue.name, strategy: "\(queue.strategy)", waiting: callers.count,
                             longestWaitSeconds: callers.map { AudioFormatFrames.seconds(now - $0.entered) }.max() ?? 0,
                             loggedIn: members.filter(\.state.isStaffing).count,
                             available: members.filter { $0.state == .available }.count,
                             handled: handledCounts[queue.name] ?? 0)
        }
    }

    /// `agent N record …` of the configuration installed last; `on-demand` for one never declared.
    public func recordingPolicy(ofAgent number: Int) -> AgentRecordingPolicy { agents[number]?.recording ?? .onDemand }

    public var agentViews: [AgentView] {
        agents.values.sorted { $0.number < $1.number }.map { agent in
            AgentView(number: agent.number, state: agent.state, seconds: AudioFormatFrames.seconds(now - agent.since),
                      queues: queues.filter { $0.agents.contains(agent.number) }.map(\.name),
                      callsToday: agent.callsToday, missesInRow: agent.missesInRow, recording: agent.recording)
        }
    }
}
