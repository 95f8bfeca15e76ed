import AttendantDSP
import AttendantMenu
import AttendantSpeech

/// The media side of a queue: a waiting caller hears its queue's music from where it
/// joined, announcements when the control side sends them, and keeps its place while
/// agents' phones are offered the call. The control side decides who is offered,
/// when, and when a caller overflows; the engine only plays and switches.
extension MediaEngine {
    /// `queue NAME`: the caller waits; the control side is told.
    func enterQueue(_ queue: Int32, on channel: Channel, program: ExecutableProgram) {
        channel.phase = .queued
        channel.waitingIn = queue
        channel.resumeAt = channel.pc
        channel.musicPosition = 0
        channel.keyDeadline = 0
        let announcement = program.queueRecordAnnouncements[queue]
        if announcement >= 0 { channel.enqueue(clip: program.promptClips[channel.language * program.promptCount + announcement]) }
        let vip = program.queueVIP[queue]
        let priority = vip >= 0 && holds(vip, on: channel, program: program) ? 1 : 0
        publish(.queueEntered(port: channel.port, queue: Int(queue), priority: priority, frame: frame))
    }

    /// A key while waiting: the queue's handler for it, if it has one; other keys are ignored.
    func queueKey(_ digit: UInt8, on channel: Channel, program: ExecutableProgram) {
        guard let key = DTMFKey(ascii: digit) else { return }
        let handler = program.queueKeyHandlers[Int(channel.waitingIn) * 16 + Int(key.rawValue)]
        guard handler >= 0 else { return }
        let first = program.code[handler]
        if first.opcode == .request, program.callbackRequests[first.a] != 0 {
            requestCallback(on: channel, handler: handler, program: program)
            return
        }
        leaveQueue(channel)
        channel.phase = .playing
        channel.pc = handler
        run(channel, program: program)
    }

    func overflow(_ caller: Int, _ reason: QueueOverflow) {
        guard caller >= 0, caller < channels.count, channels[caller].phase == .queued,
              let program = channels[caller].program else { return }
        let channel = channels[caller]
        let handler = program.queueOverflowHandlers[Int(channel.waitingIn) * QueueOverflow.allCases.count + Int(reason.rawValue)]
        leaveQueue(channel)
        channel.phase = .playing
        if handler >= 0 {
            channel.pc = handler
        } else {
            // No handler: as when a transfer fails, `not-available` and the action goes on.
            channel.enqueue(clip: program.notAvailableClips[channel.language])
            channel.pc = channel.resumeAt
        }
        run(channel, program: program)
    }

    /// `callback` while waiting: the control side keeps the caller's place off the line and
    /// calls it back when the place comes up; the caller hears `callback-requested` and the
    /// rest of the handler (which hangs up unless it says otherwise). Without a caller ID
    /// there is no number to call: it hears `callback-impossible` and keeps waiting.
    private func requestCallback(on channel: Channel, handler: Int32, program: ExecutableProgram) {
        guard channel.callerNumber.count > 0 else {
            channel.enqueue(clip: queueClip(QueueSoundIndex.callbackImpossible, channel, program))
            return
        }
        publish(.callbackRequested(port: channel.port, number: channel.callerNumber, frame: frame))
        withdrawOffers(of: channel)
        channel.stopPlayback()
        channel.waitingIn = -1
        channel.enqueue(clip: queueClip(QueueSoundIndex.callbackRequested, channel, program))
        channel.phase = .playing
        channel.pc = handler + 1
        run(channel, program: program)
    }

    /// The caller is no longer waiting: phones rung for it stop, its music stops. It
    /// keeps `resumeAt`, where a handler without a transfer goes on.
    private func leaveQueue(_ channel: Channel) {
        withdrawOffers(of: channel)
        channel.stopPlayback()
        channel.waitingIn = -1
        publish(.queueLeft(port: channel.port, frame: frame))
    }

    func offer(_ phone: Int, caller: Int, ringFrames: Int32) {
        guard caller >= 0, caller < channels.count, channels[caller].phase == .queued,
              phone >= 0, phone < channels.count, isPhonePort[phone], channels[phone].phase == .idle else {
            publish(.offerMissed(port: phone, caller: caller, frame: frame))
            return
        }
        ring(channels[phone], for: caller, frames: Int64(ringFrames))
    }

    /// An agent's phone was picked up for a waiting caller: the two talk; phones rung
    /// together with it stop; when the agent hangs up the caller's action goes on.
    func takeFromQueue(_ caller: Channel, by phoneChannel: Channel) {
        phoneChannel.transferPeer = -1
        withdrawOffers(of: caller)
        caller.stopPlayback()
        caller.waitingIn = -1
        phoneChannel.detector.reset()
        connect(caller, phoneChannel)
    }

    /// Stops every phone still ringing for `caller` (ring-all offers, or an extension).
    func withdrawOffers(of caller: Channel) {
        for index in 0..<channels.count {
            let phone = channels[index]
            if phone.phase == .alerting, phone.transferPeer == caller.port { release(phone) }
            if phone.phase == .callingOut || phone.phase == .accepting, phone.dialQueue < 0, phone.transferPeer == caller.port {
                failDial(phone, .withdrawn)
            }
        }
    }

    func announce(to caller: Int, position: Int, waitMinutes: Int) {
        guard caller >= 0, caller < channels.count, channels[caller].phase == .queued,
              let program = channels[caller].program, program.hasQueueSounds else { return }
        let channel = channels[caller]
        if position <= 1 {
            channel.enqueue(clip: queueClip(QueueSoundIndex.next, channel, program))
        } else {
            channel.enqueue(clip: queueClip(QueueSoundIndex.position, channel, program))
            sayNumber(position, on: channel, program: program)
            channel.enqueue(clip: queueClip(QueueSoundIndex.waiting, channel, program))
        }
        guard waitMinutes > 0 else { return }
        channel.enqueue(clip: queueClip(QueueSoundIndex.holdTime, channel, program))
        sayDuration(seconds: waitMinutes * 60, on: channel, program: program)
    }

    func queueClip(_ sound: Int, _ channel: Channel, _ program: ExecutableProgram) -> Int32 {
        program.promptClips[channel.language * program.promptCount + program.queueSounds[sound]]
    }

    /// A waiting caller's frame: the announcement if one is playing, else the music.
    func renderQueued(_ channel: Channel, into output: UnsafeMutableBufferPointer<Int16>, program: ExecutableProgram) {
        guard channel.isSilent else {
            render(channel, into: output, program: program)
            return
        }
        playMusic(of: channel.waitingIn, to: channel, into: output, program: program)
    }

    /// Queue `queue`'s music, looped, from where `channel` left it.
    func playMusic(of queue: Int32, to channel: Channel, into output: UnsafeMutableBufferPointer<Int16>,
                   program: ExecutableProgram) {
        let music = program.prompts.samples(of: Int(program.promptClips[channel.language * program.promptCount
                                                                           + program.queueMusic[queue]]))
        var filled = 0
        while filled < output.count {
            if channel.musicPosition >= music.count { channel.musicPosition = 0 }
            let count = min(output.count - filled, music.count - channel.musicPosition)
            (output.baseAddress! + filled).update(from: music.baseAddress! + channel.musicPosition, count: count)
            filled += count
            channel.musicPosition += count
        }
    }

    // MARK: - Star codes

    func confirm(_ phone: Int, _ reply: StarCodeReply) {
        guard phone >= 0, phone < channels.count, isPhonePort[phone], channels[phone].phase == .transferring,
              channels[phone].program == nil else { return }
        let phoneChannel = channels[phone]
        guard program.hasQueueSounds else {
            startDialing(phoneChannel)
            if reply == .refused { phoneChannel.phase = .engaged }
            return
        }
        let sound = switch reply {
        case .loggedIn: QueueSoundIndex.loggedIn
        case .loggedOut: QueueSoundIndex.loggedOut
        case .refused: QueueSoundIndex.incorrect
        }
        phoneChannel.stopPlayback()
        phoneChannel.enqueue(clip: program.promptClips[program.queueSounds[sound]])
        phoneChannel.phase = .confirming
    }

    /// An office phone hearing a star code's reply, from the program being served.
    func processConfirming(_ phoneChannel: Channel, playing output: UnsafeMutableBufferPointer<Int16>) {
        render(phoneChannel, into: output, program: program)
        if phoneChannel.isSilent { startDialing(phoneChannel) }
    }
}

/// Positions in `ExecutableProgram.queueSounds` (the order of `QueueSounds`).
enum QueueSoundIndex {
    static let position = 0, waiting = 1, next = 2, holdTime = 3
    static let loggedIn = 4, loggedOut = 5, incorrect = 6
    static let callbackRequested = 7, callbackImpossible = 8, callbackConnecting = 9
    static let agentCall = 10, agentAccept = 11
}
