import AttendantEngine
import AttendantRecorder
import AttendantStore
import Foundation
import Logging

/// Recording calls: the control side picks the file and the row, the recorder thread
/// writes the file, the media thread only copies frames into the tap.
extension Appliance {
    static let recordingLogger = Logger(label: "attendant.recorder")

    /// Starts recording the call on `port` (0-based) because of `reason` (`menu`,
    /// `queue NAME`, `console`). Returns nil when it began, or why not: no recorder, no
    /// call, already recording, or the recorder's refusal (full flash, quota).
    @discardableResult
    public func startRecording(port: Int, reason: String, otherParty: String? = nil) -> String? {
        guard let recorder else { return "recording is not configured" }
        guard let callID = tracker.callID(onPort: port) else { return "no call on port \(port + 1)" }
        guard recordingsByPort[port] == nil else { return "port \(port + 1) is already recorded" }
        nextRecordingID &+= 1
        let id = nextRecordingID
        let path = recorder.settings.directory + "/" + callID + "-r\(id).wav"
        if let refusal = recorder.begin(id: id, path: path) { return refusal }
        writer?.submit(RecordingRow(callID: callID, caller: tracker.callerNumber(onPort: port), otherParty: otherParty,
                                    reason: reason, startedAt: clock.date(atFrame: engine.frame),
                                    format: recorder.settings.format.name, path: path))
        recordingsByPort[port] = id
        recordingPaths.append(path)
        engine.commands.push(.startRecording(port: port, recording: id))
        return nil
    }

    /// A caller from a queue whose policy is `record always` is put through to an agent:
    /// recorded from now, the caller on the left, the agent on the right.
    func recordQueueCall(caller port: Int, agentPort: Int) {
        guard let queue = queueJoined.removeValue(forKey: port), let program = tracker.program(onPort: port),
              queue < program.program.queues.count, program.program.queues[queue].recordsCalls,
              recordingsByPort[port] == nil else { return }
        let name = program.program.queues[queue].name
        if let refusal = startRecording(port: port, reason: "queue \(name)", otherParty: "agent \(agentPort + 1)") {
            Self.recordingLogger.warning("call in queue \(name) not recorded: \(refusal)")
        }
    }

    /// The call on `port` ended (or stopped being recorded): its file closes once its frames are in.
    func recordingEnded(port: Int) {
        guard let id = recordingsByPort.removeValue(forKey: port) else { return }
        recorder?.end(id: id)
    }
}
