import AttendantDSP
import AttendantMenu

/// Calls the appliance makes on its FXO lines: a callback whose place in a queue came
/// up, and an offer to a follow-me agent's mobile. The line is seized, dial tone is
/// awaited (or 3 s, for exchanges whose dial tone is not recognised), the number goes
/// out as DTMF, and the call counts as answered once a person speaks: analog lines say
/// nothing when the far end picks up, so speech that is none of the exchange's tones
/// is the answer. Busy, congestion, silence past the ring time and a loop-current drop
/// end the attempt, and the control side hears why.
extension MediaEngine {
    /// Frames of speech (net of silence) that make a call answered: about 300 ms.
    static let answerSpeechFrames = 15
    /// How long a follow-me agent has to press 1 once the offer is said.
    static let acceptFrames: Int64 = 500  // 10 s
    /// A callback's priority in its queue: its place came up while it was off the line.
    public static let callbackPriority = 2

    func callOut(on line: Int, to number: KeyString, queue: Int32, caller: Int, ringFrames: Int32) {
        guard line >= 0, line < channels.count, !isPhonePort[line], channels[line].phase == .idle else {
            publish(.dialFailed(port: line, reason: .lineBusy, frame: frame))
            return
        }
        let channel = channels[line]
        if queue < 0 {
            guard caller >= 0, caller < channels.count,
                  channels[caller].phase == .queued || channels[caller].phase == .voicemail else {
                publish(.dialFailed(port: line, reason: .withdrawn, frame: frame))
                return
            }
        }
        board.setHook(.offHook, port: line)
        channel.phase = .callingOut
        channel.dialStage = .awaitingDialTone
        channel.dialNumber = number
        channel.dialQueue = queue
        channel.transferPeer = caller
        channel.dialRingFrames = ringFrames
        channel.keyDeadline = frame + 150
        channel.callProgress.reset()
        channel.detector.reset()
    }

    func processCallingOut(_ channel: Channel, heard: UnsafeBufferPointer<Int16>,
                           playing output: UnsafeMutableBufferPointer<Int16>) {
        channel.callProgress.process(heard)
        switch channel.dialStage {
        case .awaitingDialTone:
            output.update(repeating: 0)
            guard channel.callProgress.heardTone == .dialTone || frame >= channel.keyDeadline else { return }
            for index in 0..<channel.dialNumber.count { channel.dialer.enqueue(digit: channel.dialNumber[index]) }
            channel.dialStage = .sendingDigits
        case .sendingDigits:
            if channel.dialer.generate(into: output) < output.count {
                channel.callProgress.reset()
                channel.dialStage = .ringing
                channel.keyDeadline = frame + Int64(channel.dialRingFrames)
            }
        case .ringing:
            output.update(repeating: 0)
            switch channel.callProgress.heardTone {
            case .busy: failDial(channel, .busy)
            case .congestion: failDial(channel, .unobtainable)
            case .dialTone, nil:
                if channel.callProgress.speechScore >= Self.answerSpeechFrames {
                    outgoingAnswered(channel)
                } else if frame >= channel.keyDeadline {
                    failDial(channel, .noAnswer)
                }
            }
        }
    }

    private func outgoingAnswered(_ channel: Channel) {
        channel.detector.reset()
        channel.callProgress.reset()
        guard channel.dialQueue >= 0 else {
            let caller = channel.transferPeer
            if caller >= 0, channels[caller].phase == .voicemail {
                return connectCalledBack(channel, to: channels[caller])
            }
            guard caller >= 0, channels[caller].phase == .queued, program.hasQueueSounds else {
                return failDial(channel, .withdrawn)
            }
            channel.phase = .accepting
            channel.enqueue(clip: program.promptClips[program.queueSounds[QueueSoundIndex.agentCall]])
            channel.enqueue(clip: program.promptClips[program.queueSounds[QueueSoundIndex.agentAccept]])
            channel.keyDeadline = 0
            return
        }
        guard Int(channel.dialQueue) < program.program.queues.count, program.hasQueueSounds else {
            return failDial(channel, .withdrawn)
        }
        // From here it is a call like one that rang in: a record, music, an agent.
        channel.program = program
        channel.callerNumber = channel.dialNumber
        statistics.callsAnswered += 1
        publish(.answered(port: channel.port, frame: frame, programVersion: program.version))
        publish(.callerID(port: channel.port, number: channel.dialNumber, frame: frame))
        channel.phase = .queued
        channel.waitingIn = channel.dialQueue
        channel.resumeAt = program.hangUpInstruction
        channel.musicPosition = 0
        channel.keyDeadline = 0
        channel.enqueue(clip: queueClip(QueueSoundIndex.callbackConnecting, channel, program))
        publish(.queueEntered(port: channel.port, queue: Int(channel.dialQueue), priority: Self.callbackPriority, frame: frame))
    }

    /// A message's caller, called back, answered: it is a call now (with a record), and
    /// talks to the box's owner; when they part, the owner's action goes on.
    private func connectCalledBack(_ channel: Channel, to owner: Channel) {
        channel.program = program
        channel.callerNumber = channel.dialNumber
        statistics.callsAnswered += 1
        publish(.answered(port: channel.port, frame: frame, programVersion: program.version))
        publish(.callerID(port: channel.port, number: channel.dialNumber, frame: frame))
        channel.resumeAt = program.hangUpInstruction
        owner.resumeAt = owner.pc
        owner.stopPlayback()
        owner.message = UnsafeBufferPointer(start: nil, count: 0)
        channel.phase = .playing
        connect(channel, owner)
    }

    /// A follow-me agent hearing the offer: 1 takes the caller, 2 or silence turns it down.
    func processAccepting(_ channel: Channel, heard: UnsafeBufferPointer<Int16>,
                          playing output: UnsafeMutableBufferPointer<Int16>) {
        channel.detector.process(heard, played: UnsafeBufferPointer(output))
        while let digit = channel.detector.nextDigit() {
            if digit == UInt8(ascii: "1") {
                let caller = channel.transferPeer
                guard caller >= 0, channels[caller].phase == .queued else { return failDial(channel, .withdrawn) }
                output.update(repeating: 0)
                takeFromQueue(channels[caller], by: channel)
                return
            }
            if digit == UInt8(ascii: "2") { return failDial(channel, .rejected) }
        }
        render(channel, into: output, program: program)
        if channel.isSilent, channel.keyDeadline == 0 { channel.keyDeadline = frame + Self.acceptFrames }
        if channel.keyDeadline > 0, frame >= channel.keyDeadline { failDial(channel, .noAnswer) }
    }

    /// The line goes back on hook and the control side hears why.
    func failDial(_ channel: Channel, _ reason: DialFailure) {
        board.setHook(.onHook, port: channel.port)
        publish(.dialFailed(port: channel.port, reason: reason, frame: frame))
        channel.reset()
    }
}
