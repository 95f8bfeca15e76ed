import AttendantControl
import AttendantRecorder
import AttendantSecurity
import AttendantStore
import Foundation

/// Voicemail from the console: what changes the boxes goes through the control thread's
/// lock (the index, the lamps and sessions live there); rows are read from the database.
extension LiveAppliance {
    public func setVoicemailPIN(box: String, pin: String) -> String? {
        let (known, cost) = controlLock.withLock { (appliance.voicemail.mailbox(numbered: box) != nil, appliance.voicemail.pinCost) }
        guard known else { return "no mailbox \(box)" }
        if let refusal = Voicemail.refusal(ofPIN: pin) { return refusal }
        do {
            // Argon2id takes tens of milliseconds: not while holding the control thread's lock.
            let hash = try SecretHash.make(for: pin, cost: cost)
            return controlLock.withLock { appliance.voicemail.setPIN(hash: hash, box: box) }
        } catch {
            return "\(error)"
        }
    }

    public func voicemailMessages(box: String?) throws -> [VoicemailMessage] {
        appliance.writer?.flush()
        return try database.voicemailMessages(box: box)
    }

    public func deleteVoicemailMessage(id: Int64) -> String? {
        guard let message = try? database.voicemailMessage(id: id) else { return "no message \(id)" }
        guard message.state != .recording else { return "message \(id) is still being recorded" }
        return controlLock.withLock { appliance.voicemail.deleteMessage(path: message.path) } ? nil : "no message \(id)"
    }

    public func exportVoicemailMessage(id: Int64, to path: String) -> String? {
        do {
            appliance.writer?.flush()
            guard let message = try database.voicemailMessage(id: id) else { return "no message \(id)" }
            guard message.state != .recording else { return "message \(id) is still being recorded" }
            try FileManager.default.copyItem(atPath: message.path, toPath: path)
            return nil
        } catch {
            return "\(error)"
        }
    }

    public func playVoicemailMessage(id: Int64, port: Int) -> String? {
        do {
            appliance.writer?.flush()
            guard let message = try database.voicemailMessage(id: id) else { return "no message \(id)" }
            guard message.state != .recording else { return "message \(id) is still being recorded" }
            let format = RecordingFormat(name: message.format) ?? RecordingFormat()
            return controlLock.withLock { appliance.play(recordingAt: message.path, format: format, toPort: port - 1) }
        } catch {
            return "\(error)"
        }
    }
}
