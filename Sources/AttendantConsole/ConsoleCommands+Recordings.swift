import AttendantStore
import Foundation

/// What the console asks of recordings; a backend without a recorder refuses each.
public protocol RecordingConsoleBackend {
    /// Starts recording the call on `port` (1-based). Returns an error message or nil.
    func record(port: Int) -> String?
    func recordings(limit: Int) throws -> [RecordingRow]
    /// Deletes the file and the row. Returns an error message or nil.
    func deleteRecording(id: Int64) -> String?
    /// Keeps a recording from rotation, or lets it go. Returns an error message or nil.
    func flagRecording(id: Int64, _ flagged: Bool) -> String?
    /// Copies the file to `path`. Returns an error message or nil.
    func exportRecording(id: Int64, to path: String) -> String?
    /// Plays the recording to the call on `port` (1-based). Returns an error message or nil.
    func playRecording(id: Int64, port: Int) -> String?
}

/// `record`, `show recordings`, `recording delete|export`.
extension ConsoleCommands {
    func recordingCommand(_ words: [String]) -> Reply {
        guard let backend = recordingBackend else { return Reply(text: "error: recording is not available here") }
        switch (words[0], words.count) {
        case ("record", 2):
            guard let port = port(words[1]) else { return usage("record PORT") }
            return result(backend.record(port: port), ok: "port \(port): recording")
        case ("show", 2), ("show", 3):
            let limit = words.count == 3 ? Int(words[2]) : 10
            guard let limit, limit > 0 else { return usage("show recordings [N]") }
            do {
                let rows = try backend.recordings(limit: limit)
                if rows.isEmpty { return Reply(text: "no recordings") }
                return Reply(text: rows.map(line(for:)).joined(separator: "\n"))
            } catch {
                return Reply(text: "error: \(error)")
            }
        case ("recording", 3) where words[1] == "delete":
            guard let id = Int64(words[2]) else { return usage("recording delete ID") }
            return result(backend.deleteRecording(id: id), ok: "recording \(id) deleted")
        case ("recording", 3) where words[1] == "flag" || words[1] == "unflag":
            guard let id = Int64(words[2]) else { return usage("recording flag|unflag ID") }
            return result(backend.flagRecording(id: id, words[1] == "flag"),
                          ok: words[1] == "flag" ? "recording \(id) is kept from rotation" : "recording \(id) may be rotated out")
        case ("recording", 4) where words[1] == "export":
            guard let id = Int64(words[2]) else { return usage("recording export ID PATH") }
            return result(backend.exportRecording(id: id, to: words[3]), ok: "recording \(id) exported to \(words[3])")
        case ("recording", 4) where words[1] == "play":
            guard let id = Int64(words[2]), let port = port(words[3]) else { return usage("recording play ID PORT") }
            return result(backend.playRecording(id: id, port: port), ok: "port \(port): playing recording \(id)")
        default:
            return usage("record PORT, show recordings [N], recording delete ID, recording flag|unflag ID, "
                         + "recording export ID PATH or recording play ID PORT")
        }
    }

    private func line(for row: RecordingRow) -> String {
        let parties = [row.caller ?? "unknown", row.otherParty].compactMap { $0 }.joined(separator: " ↔ ")
        return String(format: "%4lld  %@  %@  %6.1f s  %@  %lld bytes  %@  %@", row.id ?? 0, row.callID, parties,
                      row.durationSeconds, row.format, row.sizeBytes, row.state.rawValue, row.path)
    }

    private var recordingBackend: RecordingConsoleBackend? { backendForCommands as? RecordingConsoleBackend }
}
