/// A supervisor joining an agent's call from an office phone (`*21`, `*22`, `*23`
/// and the agent's extension, or the console's `agent listen|whisper|barge` while the
/// supervisor's phone is off hook): listen, whisper to the agent, or barge into a 3-way.
/// Mixing is the connection table's: each listener sums its talkers with a gain.
extension MediaEngine {
    func monitor(_ agent: Int, by supervisor: Int, _ mode: MonitorMode) {
        guard supervisor >= 0, supervisor < channels.count, isPhonePort[supervisor],
              channels[supervisor].phase == .transferring || channels[supervisor].phase == .dialing,
              channels[supervisor].program == nil else { return }
        guard agent >= 0, agent < channels.count, agent != supervisor,
              channels[agent].phase == .bridged, connections.sourceCount(of: supervisor) == 0 else {
            confirm(supervisor, .refused)
            return
        }
        // Everyone on the agent's call: the agent and whom the agent hears.
        var parties = 1
        var party = 0
        while party < ConnectionTable.sourcesPerPort {
            let talker = connections.talker(of: agent, slot: party)
            if talker >= 0 { parties += 1 }
            party += 1
        }
        guard parties <= ConnectionTable.sourcesPerPort else {
            confirm(supervisor, .refused)
            return
        }
        let supervisorChannel = channels[supervisor]
        supervisorChannel.stopPlayback()
        supervisorChannel.phase = .bridged
        connections.connect(listener: supervisor, talker: agent)
        party = 0
        while party < ConnectionTable.sourcesPerPort {
            let talker = connections.talker(of: agent, slot: party)
            party += 1
            guard talker >= 0, talker != supervisor else { continue }
            connections.connect(listener: supervisor, talker: talker)
            if mode == .barge { connections.connect(listener: talker, talker: supervisor) }
        }
        if mode != .listen { connections.connect(listener: agent, talker: supervisor) }
        publish(.bridged(port: supervisor, peer: agent, frame: frame))
    }
}
