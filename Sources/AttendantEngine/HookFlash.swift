/// Hook flash on an agent's phone: the caller is put on hold (music), the agent hears
/// dial tone and may dial an extension to consult. Then:
/// - hanging up while it rings or after it answers transfers the caller there (blind,
///   attended);
/// - a second flash while consulting makes a 3-way call; a flash before the consulted
///   phone answers, or the consulted phone hanging up, brings the agent back to the caller.
extension MediaEngine {
    func hookFlashed(_ phoneChannel: Channel) {
        guard isPhonePort[phoneChannel.port], phoneChannel.program == nil else { return }
        switch phoneChannel.phase {
        case .bridged where phoneChannel.heldParty >= 0:
            joinHeld(phoneChannel)  // consulting: all three talk
        case .bridged where connections.sourceCount(of: phoneChannel.port) == 1:
            hold(connections.firstTalker(of: phoneChannel.port), by: phoneChannel)
        case .dialing where phoneChannel.heldParty >= 0, .transferring where phoneChannel.heldParty >= 0:
            withdrawOffers(of: phoneChannel)
            resumeHeld(by: phoneChannel)
        default:
            break
        }
    }

    private func hold(_ party: Int, by phoneChannel: Channel) {
        let caller = channels[party]
        connections.detach(party)
        connections.detach(phoneChannel.port)
        caller.phase = .held
        caller.musicPosition = 0
        phoneChannel.heldParty = party
        startDialing(phoneChannel)
        publish(.held(port: party, by: phoneChannel.port, frame: frame))
    }

    /// The agent talks to its held caller again.
    func resumeHeld(by phoneChannel: Channel) {
        let party = phoneChannel.heldParty
        phoneChannel.heldParty = -1
        guard party >= 0, channels[party].phase == .held else {
            phoneChannel.phase = .engaged
            return
        }
        channels[party].phase = .bridged
        phoneChannel.phase = .bridged
        connections.connect(listener: party, talker: phoneChannel.port)
        connections.connect(listener: phoneChannel.port, talker: party)
        publish(.bridged(port: party, peer: phoneChannel.port, frame: frame))
    }

    private func joinHeld(_ phoneChannel: Channel) {
        let party = phoneChannel.heldParty
        phoneChannel.heldParty = -1
        guard party >= 0, channels[party].phase == .held else { return }
        let consulted = connections.firstTalker(of: phoneChannel.port)
        channels[party].phase = .bridged
        connections.connect(listener: party, talker: phoneChannel.port)
        connections.connect(listener: phoneChannel.port, talker: party)
        if consulted >= 0 {
            connections.connect(listener: party, talker: consulted)
            connections.connect(listener: consulted, talker: party)
        }
        publish(.bridged(port: party, peer: phoneChannel.port, frame: frame))
    }

    /// An agent with a caller on hold hung up: the caller goes to whom the agent called
    /// (ringing or answered), or back to its menu when the agent called no one.
    func transferHeld(by phoneChannel: Channel) {
        let party = phoneChannel.heldParty
        phoneChannel.heldParty = -1
        guard party >= 0, channels[party].phase == .held else { return }
        let caller = channels[party]
        if phoneChannel.phase == .bridged, connections.sourceCount(of: phoneChannel.port) == 1 {
            let target = connections.firstTalker(of: phoneChannel.port)
            connections.detach(phoneChannel.port)
            caller.phase = .transferring  // so that `connect` takes it as a party to a new call
            connect(caller, channels[target])
            publish(.transferred(port: party, to: target, frame: frame))
            return
        }
        if phoneChannel.phase == .transferring {
            // Ringing: the phone now rings for the caller, who hears ringback.
            for index in 0..<channels.count where channels[index].phase == .alerting && channels[index].transferPeer == phoneChannel.port {
                channels[index].transferPeer = party
                caller.transferPeer = index
                caller.phase = .transferring
                publish(.transferred(port: party, to: index, frame: frame))
                return
            }
        }
        caller.phase = .bridged
        returnToMenu(caller)
    }

    /// The agent dialled a queue's `number` with a caller on hold: the caller waits in
    /// that queue (from its own program, keeping where its action goes on afterwards)
    /// and the agent hears dial tone again, free to hang up. False: no such queue.
    func transferHeldToQueue(dialled number: KeyString, by phoneChannel: Channel) -> Bool {
        let party = phoneChannel.heldParty
        guard party >= 0, channels[party].phase == .held, let program = channels[party].program else { return false }
        var queue: Int32 = 0
        while Int(queue) < program.queueCount {
            if program.queueNumbers[queue].count > 0, program.queueNumbers[queue] == number { break }
            queue += 1
        }
        guard Int(queue) < program.queueCount else { return false }
        phoneChannel.heldParty = -1
        let caller = channels[party]
        caller.stopPlayback()
        publish(.unbridged(port: party, frame: frame))
        enterQueue(queue, on: caller, program: program)
        startDialing(phoneChannel)
        return true
    }

    /// A held caller's frame: the music of its program's first queue, else silence.
    func renderHeld(_ channel: Channel, into output: UnsafeMutableBufferPointer<Int16>, program: ExecutableProgram) {
        guard program.hasQueueSounds else {
            output.update(repeating: 0)
            return
        }
        playMusic(of: 0, to: channel, into: output, program: program)
    }
}
