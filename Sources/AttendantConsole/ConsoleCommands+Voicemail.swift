import AttendantStore
import Foundation

/// What the console asks of voicemail; a backend without it refuses each.
public protocol VoicemailConsoleBackend {
    /// Sets a box's PIN (kept only as an Argon2id hash). Returns an error message or nil.
    func setVoicemailPIN(box: String, pin: String) -> String?
    /// Messages oldest first, of one box or all.
    func voicemailMessages(box: String?) throws -> [VoicemailMessage]
    /// Deletes the message's file and row. Returns an error message or nil.
    func deleteVoicemailMessage(id: Int64) -> String?
    /// Copies the message's file to `path`. Returns an error message or nil.
    func exportVoicemailMessage(id: Int64, to path: String) -> String?
    /// Plays the message to the call on `port` (1-based). Returns an error message or nil.
    func playVoicemailMessage(id: Int64, port: Int) -> String?
}

/// `voicemail pin|delete|export|play`, `show voicemail [BOX]`.
extension ConsoleCommands {
    func voicemailCommand(_ words: [String]) -> Reply {
        guard let backend = backendForCommands as? VoicemailConsoleBackend else {
            return Reply(text: "error: voicemail is not available here")
        }
        switch (words[0], words.count) {
        case ("show", 2), ("show", 3):
            do {
                let messages = try backend.voicemailMessages(box: words.count == 3 ? words[2] : nil)
                if messages.isEmpty { return Reply(text: "no voicemail messages") }
                return Reply(text: messages.map(line(for:)).joined(separator: "\n"))
            } catch {
                return Reply(text: "error: \(error)")
            }
        case ("voicemail", 4) where words[1] == "pin":
            return result(backend.setVoicemailPIN(box: words[2], pin: words[3]), ok: "mailbox \(words[2]): PIN set (its hash is stored)")
        case ("voicemail", 3) where words[1] == "delete":
            guard let id = Int64(words[2]) else { return usage("voicemail delete ID") }
            return result(backend.deleteVoicemailMessage(id: id), ok: "message \(id) deleted")
        case ("voicemail", 4) where words[1] == "export":
            guard let id = Int64(words[2]) else { return usage("voicemail export ID PATH") }
            return result(backend.exportVoicemailMessage(id: id, to: words[3]), ok: "message \(id) exported to \(words[3])")
        case ("voicemail", 4) where words[1] == "play":
            guard let id = Int64(words[2]), let port = port(words[3]) else { return usage("voicemail play ID PORT") }
            return result(backend.playVoicemailMessage(id: id, port: port), ok: "port \(port): playing message \(id)")
        default:
            return usage("show voicemail [BOX], voicemail pin BOX PIN, voicemail delete ID, voicemail export ID PATH or voicemail play ID PORT")
        }
    }

    private func line(for message: VoicemailMessage) -> String {
        String(format: "%4lld  box %@  %@  %@  %@  %6.1f s  %@  %@", message.id ?? 0, message.box, message.folder.rawValue,
               message.caller ?? "unknown", "\(message.receivedAt)", message.durationSeconds, message.state.rawValue, message.path)
    }
}
