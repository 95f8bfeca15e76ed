import AttendantDSP
import AttendantMenu

/// Who hears whom: for each port, the ports whose capture is mixed into its playback,
/// with a gain each. Owned by the media thread; a bridge is two entries, a 3-way six,
/// a whisper one. Mixing a port costs one multiply-add per source sample: a conference
/// of N parties costs O(N) per port, and nothing is allocated after init.
final class ConnectionTable {
    /// Sources a port can hear at once (a 3-way call plus a supervisor).
    static let sourcesPerPort = 4
    /// Unity gain in Q15.
    static let unity: Int32 = 1 << 15

    let portCount: Int
    private let talkers: UnsafeMutablePointer<Int32>
    private let gains: UnsafeMutablePointer<Int32>
    private let counts: UnsafeMutablePointer<Int32>

    init(portCount: Int) {
        self.portCount = portCount
        talkers = .allocate(capacity: portCount * Self.sourcesPerPort)
        talkers.initialize(repeating: -1, count: portCount * Self.sourcesPerPort)
        gains = .allocate(capacity: portCount * Self.sourcesPerPort)
        gains.initialize(repeating: 0, count: portCount * Self.sourcesPerPort)
        counts = .allocate(capacity: portCount)
        counts.initialize(repeating: 0, count: portCount)
    }

    deinit {
        talkers.deallocate()
        gains.deallocate()
        counts.deallocate()
    }

    func sourceCount(of listener: Int) -> Int { Int(counts[listener]) }

    /// `listener` hears `talker` at `gain` (Q15); false when it already hears as many as it can.
    @discardableResult
    func connect(listener: Int, talker: Int, gain: Int32 = unity) -> Bool {
        let base = listener * Self.sourcesPerPort
        let count = Int(counts[listener])
        for slot in 0..<count where talkers[base + slot] == Int32(talker) {
            gains[base + slot] = gain
            return true
        }
        guard count < Self.sourcesPerPort else { return false }
        talkers[base + count] = Int32(talker)
        gains[base + count] = gain
        counts[listener] += 1
        return true
    }

    func disconnect(listener: Int, talker: Int) {
        let base = listener * Self.sourcesPerPort
        var slot = 0
        while slot < Int(counts[listener]) {
            if talkers[base + slot] == Int32(talker) {
                let last = Int(counts[listener]) - 1
                talkers[base + slot] = talkers[base + last]
                gains[base + slot] = gains[base + last]
                talkers[base + last] = -1
                counts[listener] -= 1
            } else {
                slot += 1
            }
        }
    }

    /// The talker in `listener`'s `slot`, or -1.
    func talker(of listener: Int, slot: Int) -> Int {
        slot < Int(counts[listener]) ? Int(talkers[listener * Self.sourcesPerPort + slot]) : -1
    }

    func hears(_ listener: Int, _ talker: Int) -> Bool {
        let base = listener * Self.sourcesPerPort
        var slot = 0
        while slot < Int(counts[listener]) {
            if talkers[base + slot] == Int32(talker) { return true }
            slot += 1
        }
        return false
    }

    /// `port` hears no one and no one hears it.
    func detach(_ port: Int) {
        counts[port] = 0
        var listener = 0
        while listener < portCount {
            if counts[listener] > 0 { disconnect(listener: listener, talker: port) }
            listener += 1
        }
    }

    /// The first port `listener` hears, or -1.
    func firstTalker(of listener: Int) -> Int {
        counts[listener] > 0 ? Int(talkers[listener * Self.sourcesPerPort]) : -1
    }

    /// Writes what `listener` hears this frame: the sum of its sources' capture, saturated.
    func mix(into output: UnsafeMutableBufferPointer<Int16>, listener: Int, capture: UnsafeMutableBufferPointer<Int16>,
             frameSize: Int) {
        let base = listener * Self.sourcesPerPort
        let count = Int(counts[listener])
        if count == 1, gains[base] == Self.unity {
            // A two-party call: the other side's capture as it is.
            let talker = Int(talkers[base])
            output.baseAddress!.update(from: capture.baseAddress! + talker * frameSize, count: frameSize)
            return
        }
        var sample = 0
        while sample < frameSize {
            var sum: Int32 = 0
            var slot = 0
            while slot < count {
                let talker = Int(talkers[base + slot])
                sum += (Int32(capture[talker * frameSize + sample]) * gains[base + slot]) >> 15
                slot += 1
            }
            output[sample] = Int16(clamping: sum)
            sample += 1
        }
    }
}

/// What the control side asks of the media thread; plain values, so sending one
/// never allocates.
public enum EngineCommand: Sendable, Equatable, BitwiseCopyable {
    /// Two answered calls hear each other; their menus wait.
    case bridge(Int, Int)
    /// A bridged call and everyone it hears part; each goes back to its menu.
    case unbridge(Int)
    /// Ring the phone on FXS port `phone` for the caller on `caller` (waiting in `transferring`).
    case ringExtension(phone: Int, caller: Int)
    /// The caller's transfer cannot be made: it hears `not-available` and its action goes on.
    case refuseTransfer(caller: Int)
    /// Ring the phone on FXS port `phone` for the caller waiting in a queue on `caller`,
    /// for at most `ringFrames`; the caller keeps its place and its music meanwhile.
    case offer(phone: Int, caller: Int, ringFrames: Int32)
    /// Tell a waiting caller its place in line (1: next) and the estimated wait (0: not said).
    case announce(caller: Int, position: Int, waitMinutes: Int)
    /// The caller leaves its queue for the queue's handler of `overflow`.
    case overflow(caller: Int, QueueOverflow)
    /// An office phone that dialled a star code hears how it went, then dial tone again.
    case confirm(phone: Int, StarCodeReply)
    /// The office phone `supervisor` (which dialled a star code) joins the call of the agent's phone `agent`.
    case monitor(supervisor: Int, agent: Int, MonitorMode)
    /// Seize FXO `line`, dial `number`; when someone answers (speaks) it hears
    /// `callback-connecting` and waits in `queue` ahead of everyone (a callback whose place came up).
    case callBack(line: Int, number: KeyString, queue: Int32, ringFrames: Int32)
    /// Seize FXO `line`, dial a follow-me agent's `number` for the caller waiting on `caller`;
    /// the agent answers, hears `agent-call`, `agent-accept`, and presses 1 to take the call.
    case offerByLine(line: Int, caller: Int, number: KeyString, ringFrames: Int32)
    /// Whether ringing lines are answered; a shutting-down appliance stops, and what rings rings out.
    case answerNewCalls(Bool)
    /// The appliance is shutting down: the call on `port` ends, after the program's
    /// `goodbye` when `farewell` and it has one; a ringing line is let go unanswered.
    case endCall(port: Int, farewell: Bool)
    /// The call on `port` is recorded as `recording`: each frame, what its caller sends
    /// (left) and hears (right) go to `MediaEngine.recordingTap`, until it ends.
    case startRecording(port: Int, recording: Int32)
    /// The call on `port` is no longer recorded.
    case stopRecording(port: Int)
    /// The call on `port`, in voicemail, plays, records or leaves (`VoicemailCommand`).
    case voicemail(port: Int, VoicemailCommand)
    /// The call on `port` hears `count` samples at address `samples` (a recording the
    /// console plays to it) after its queued prompts; keys stop it as they stop prompts.
    /// The control side keeps that memory until the call's `ended` event.
    case playRecording(port: Int, samples: UInt, count: Int32)
    /// The office phone on `phone`, in a call, hears over it that its `*1` was carried out or refused.
    case recordingTone(phone: Int, RecordingTone)
    /// The box of the office phone on `port` has new messages, or no longer: its lamp,
    /// stutter dial tone and visual indicator follow.
    case messageWaiting(port: Int, Bool)
}

/// How a supervisor joins an agent's call.
public enum MonitorMode: Int32, Sendable, BitwiseCopyable, CaseIterable {
    /// Hears the agent and the caller; nobody hears the supervisor.
    case listen
    /// Hears both; the agent hears the supervisor, the caller does not.
    case whisper
    /// A 3-way call: everyone hears everyone.
    case barge
}

/// What an office phone hears after a star code.
public enum StarCodeReply: Int32, Sendable, BitwiseCopyable {
    case loggedIn, loggedOut, refused
}

extension MediaEngine {
    func carryOut(_ command: EngineCommand) {
        switch command {
        case .bridge(let a, let b):
            guard a != b, a >= 0, b >= 0, a < channels.count, b < channels.count,
                  canBridge(channels[a]), canBridge(channels[b]),
                  connections.sourceCount(of: a) < ConnectionTable.sourcesPerPort,
                  connections.sourceCount(of: b) < ConnectionTable.sourcesPerPort else {
                publish(.commandRefused(port: a, frame: frame))
                return
            }
            connect(channels[a], channels[b])
        case .ringExtension(let phone, let caller):
            ringExtension(phone, for: caller)
        case .refuseTransfer(let caller):
            guard caller >= 0, caller < channels.count, channels[caller].phase == .transferring else { return }
            transferFailed(channels[caller])
        case .offer(let phone, let caller, let ringFrames):
            offer(phone, caller: caller, ringFrames: ringFrames)
        case .announce(let caller, let position, let waitMinutes):
            announce(to: caller, position: position, waitMinutes: waitMinutes)
        case .overflow(let caller, let reason):
            overflow(caller, reason)
        case .confirm(let phone, let reply):
            confirm(phone, reply)
        case .monitor(let supervisor, let agent, let mode):
            monitor(agent, by: supervisor, mode)
        case .callBack(let line, let number, let queue, let ringFrames):
            callOut(on: line, to: number, queue: queue, caller: -1, ringFrames: ringFrames)
        case .offerByLine(let line, let caller, let number, let ringFrames):
            callOut(on: line, to: number, queue: -1, caller: caller, ringFrames: ringFrames)
        case .answerNewCalls(let answering):
            answersNewCalls = answering
        case .endCall(let port, let farewell):
            guard port >= 0, port < channels.count else { return }
            endForShutdown(channels[port], farewell: farewell)
        case .startRecording(let port, let recording):
            guard port >= 0, port < channels.count, channels[port].isInCall else {
                publish(.commandRefused(port: port, frame: frame))
                return
            }
            channels[port].recording = recording
        case .stopRecording(let port):
            guard port >= 0, port < channels.count else { return }
            channels[port].recording = -1
        case .voicemail(let port, let command):
            carryOut(command, port: port)
        case .playRecording(let port, let address, let count):
            guard port >= 0, port < channels.count, channels[port].program != nil, canHearRecording(channels[port]) else {
                publish(.commandRefused(port: port, frame: frame))
                return
            }
            let channel = channels[port]
            channel.message = UnsafeBufferPointer(start: UnsafePointer<Int16>(bitPattern: address), count: Int(count))
            channel.enqueue(clip: Channel.messageClip)
            channel.voicemailReported = false
        case .messageWaiting(let port, let waiting):
            setMessageWaiting(waiting, port: port)
        case .recordingTone(let phone, let tone):
            play(tone, toPhone: phone)
        case .unbridge(let port):
            guard port >= 0, port < channels.count, channels[port].phase == .bridged else {
                publish(.commandRefused(port: port, frame: frame))
                return
            }
            leaveBridge(channels[port])
            returnToMenu(channels[port])
        }
    }

    /// Two calls hear each other from the next frame on; their menus wait.
    func connect(_ a: Channel, _ b: Channel) {
        enterBridge(a)
        enterBridge(b)
        connections.connect(listener: a.port, talker: b.port)
        connections.connect(listener: b.port, talker: a.port)
        publish(.bridged(port: a.port, peer: b.port, frame: frame))
    }

    private func enterBridge(_ channel: Channel) {
        guard channel.phase != .bridged else { return }
        channel.stopPlayback()
        channel.keyDeadline = 0
        channel.transferPeer = -1
        channel.phase = .bridged
    }

    /// What a call being put through or in a bridge hears: ringback, or whom it is connected to.
    func playFromSwitch(_ channel: Channel, into output: UnsafeMutableBufferPointer<Int16>) {
        if channel.phase == .transferring {
            channel.ringback.generate(into: output)
        } else {
            connections.mix(into: output, listener: channel.port, capture: capture, frameSize: AudioFormat.samplesPerFrame)
        }
    }

    /// Calls that hear their prompts (menus, voicemail) can hear a recording among them.
    private func canHearRecording(_ channel: Channel) -> Bool {
        channel.phase == .playing || channel.phase == .waitingForKey || channel.phase == .collecting || channel.phase == .voicemail
    }

    private func canBridge(_ channel: Channel) -> Bool {
        channel.isInCall && channel.phase != .finishing && channel.phase != .transferring && channel.phase != .queued
            && channel.phase != .confirming && channel.phase != .held
    }

    /// Disconnects `channel` from everyone, both ways. A party left hearing no one
    /// leaves too: a caller goes back to its menu, an office phone hears busy (or, if it
    /// put a caller on hold to consult, gets that caller back).
    func leaveBridge(_ channel: Channel) {
        connections.detach(channel.port)
        var changed = true
        while changed {
            changed = false
            for index in 0..<channels.count {
                let other = channels[index]
                guard other.phase == .bridged, connections.sourceCount(of: index) == 0 else { continue }
                changed = true
                connections.detach(index)
                if other.program != nil {
                    returnToMenu(other)
                } else if !isPhonePort[index] {
                    other.phase = .finishing
                    end(other, .menuHungUp)  // a follow-me agent's line: nobody left to talk to
                } else if other.heldParty >= 0 {
                    resumeHeld(by: other)
                } else {
                    other.phase = .engaged  // an office phone left alone hears busy, as on any exchange
                }
            }
        }
    }

    /// A call taken from a queue goes on after its `queue` step; any other call replays its menu.
    func returnToMenu(_ channel: Channel) {
        guard let program = channel.program else { return }  // an office phone has no menu
        publish(.unbridged(port: channel.port, frame: frame))
        channel.phase = .playing
        channel.pc = channel.resumeAt >= 0 ? channel.resumeAt : program.menuReplay[channel.menu]
        channel.resumeAt = -1
        run(channel, program: program)
    }
}
