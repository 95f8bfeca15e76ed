import AttendantEngine
import AttendantMenu
import AttendantRecorder
import AttendantStore
import Foundation
import Logging

/// Recording calls: the control side picks the file and the row, the recorder thread
/// writes the file, the media thread only copies frames into the tap.
extension Appliance {
    static let recordingLogger = Logger(label: "attendant.recorder")
    /// `*` then `1` on an agent's phone within 3 s.
    static let onDemandCodeFrames: Int64 = 150

    /// Starts recording the call on `port` (0-based) because of `reason` (`menu`,
    /// `queue NAME`, `agent N`, `console`). Returns nil when it began, or why not: no
    /// recorder, no call, already recording, an agent whose policy is `never`, or the
    /// recorder's refusal (full flash, quota).
    @discardableResult
    public func startRecording(port: Int, reason: String, otherParty: String? = nil) -> String? {
        guard let recorder else { return "recording is not configured" }
        guard let callID = tracker.callID(onPort: port) else { return "no call on port \(port + 1)" }
        guard recordingsByPort[port] == nil else { return "port \(port + 1) is already recorded" }
        if let agent = agentTalking(toCaller: port), recordingPolicy(ofAgent: agent) == .never {
            return "agent \(agent) is never recorded (its 'record never')"
        }
        nextRecordingID &+= 1
        let id = nextRecordingID
        let path = recorder.settings.directory + "/" + callID + "-r\(id).wav"
        if let refusal = recorder.begin(id: id, path: path, kind: RecordingKind(reason: reason) ?? .menu,
                                        at: clock.date(atFrame: engine.frame)) {
            return refusal
        }
        writer?.submit(RecordingRow(callID: callID, caller: tracker.callerNumber(onPort: port), otherParty: otherParty,
                                    reason: reason, startedAt: clock.date(atFrame: engine.frame),
                                    format: recorder.settings.format.name, path: path))
        recordingsByPort[port] = id
        recordingPaths.append(path)
        engine.commands.push(.startRecording(port: port, recording: id))
        return nil
    }

    /// A caller was put through to an agent (`.bridged`): recorded from now, the caller
    /// on the left and the agent on the right, when the queue it waited in says `record
    /// always`, or else the agent's policy does.
    func recordConversation(caller port: Int, agentPort: Int) {
        let queue = queueJoined.removeValue(forKey: port)
        guard tracker.callID(onPort: port) != nil, recordingsByPort[port] == nil, isAgentLine(agentPort) else { return }
        let agent = centre.agentNumber(onPort: agentPort)
        let reason: String
        if let queue, let program = tracker.program(onPort: port), queue < program.program.queues.count,
           program.program.queues[queue].recordsCalls {
            reason = "queue \(program.program.queues[queue].name)"
        } else if recordingPolicy(ofAgent: agent) == .always {
            reason = "agent \(agent)"
        } else {
            return
        }
        if let refusal = startRecording(port: port, reason: reason, otherParty: "agent \(agent)") {
            Self.recordingLogger.warning("call with agent \(agent) not recorded (\(reason)): \(refusal)")
        }
    }

    /// A key on an agent's phone or follow-me line in a call: `*1` starts recording the
    /// caller, or stops a recording `*1` started; the agent hears a beep, two, or
    /// congestion tone when it cannot be done.
    func agentPressed(_ key: UInt8, on agentPort: Int, frame: Int64) {
        guard isAgentLine(agentPort), let caller = tracker.caller(bridgedTo: agentPort) else { return }
        if key == UInt8(ascii: "*") {
            starPressedAt[agentPort] = frame
            return
        }
        guard let star = starPressedAt.removeValue(forKey: agentPort), key == UInt8(ascii: "1"),
              frame - star <= Self.onDemandCodeFrames else { return }
        let agent = centre.agentNumber(onPort: agentPort)
        let tone: RecordingTone
        if recordingsByPort[caller] != nil {
            if recordedOnDemand.contains(caller) {
                engine.commands.push(.stopRecording(port: caller))
                recordingEnded(port: caller)
                Self.recordingLogger.notice("agent \(agent) stopped recording the call on port \(caller + 1)")
                tone = .stopped
            } else {
                Self.recordingLogger.notice("agent \(agent) cannot stop the recording on port \(caller + 1): policy started it")
                tone = .refused
            }
        } else if let refusal = startRecording(port: caller, reason: "agent \(agent) on demand", otherParty: "agent \(agent)") {
            Self.recordingLogger.warning("agent \(agent)'s *1 on port \(caller + 1) not carried out: \(refusal)")
            tone = .refused
        } else {
            recordedOnDemand.insert(caller)
            tone = .started
        }
        engine.commands.push(.recordingTone(phone: agentPort, tone))
    }

    /// The call on `port` ended (or stopped being recorded): its file closes once its frames are in.
    func recordingEnded(port: Int) {
        recordedOnDemand.remove(port)
        guard let id = recordingsByPort.removeValue(forKey: port) else { return }
        recorder?.end(id: id)
    }

    /// An office phone (FXS), or an FXO line a follow-me agent talks on.
    private func isAgentLine(_ port: Int) -> Bool {
        (port >= 0 && port < board.portKinds.count && board.portKinds[port] == .fxs) || centre.isFollowMeLine(port)
    }

    /// The agent (extension number) the caller on `port` talks to now, if any.
    private func agentTalking(toCaller port: Int) -> Int? {
        guard let peer = tracker.bridgedPeer(ofCall: port), isAgentLine(peer) else { return nil }
        return centre.agentNumber(onPort: peer)
    }

    /// The newest configuration's `agent N record …` (the office's rule, not the call's menu version).
    public func recordingPolicy(ofAgent number: Int) -> AgentRecordingPolicy { centre.recordingPolicy(ofAgent: number) }
}
