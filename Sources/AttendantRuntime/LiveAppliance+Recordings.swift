import AttendantRecorder
import AttendantStore
import Foundation

/// Recordings from the console: starts go through the control thread's lock; rows are
/// read from the database; files are removed or copied here, on the console's thread.
extension LiveAppliance {
    public func record(port: Int) -> String? {
        controlLock.withLock { appliance.startRecording(port: port - 1, reason: "console") }
    }

    public func recordings(limit: Int) throws -> [RecordingRow] {
        appliance.writer?.flush()
        return try database.recordings(limit: limit)
    }

    public func deleteRecording(id: Int64) -> String? {
        do {
            appliance.writer?.flush()
            guard let row = try database.recording(id: id) else { return "no recording \(id)" }
            guard row.state != .recording else { return "recording \(id) is still being recorded" }
            if FileManager.default.fileExists(atPath: row.path) { try FileManager.default.removeItem(atPath: row.path) }
            try database.deleteRecording(id: id)
            appliance.recorder?.forget(path: row.path)
            return nil
        } catch {
            return "\(error)"
        }
    }

    public func flagRecording(id: Int64, _ flagged: Bool) -> String? {
        do {
            appliance.writer?.flush()
            guard let row = try database.recording(id: id) else { return "no recording \(id)" }
            try database.flagRecording(id: id, flagged)
            appliance.recorder?.setFlag(flagged, path: row.path)
            return nil
        } catch {
            return "\(error)"
        }
    }

    public func exportRecording(id: Int64, to path: String) -> String? {
        do {
            appliance.writer?.flush()
            guard let row = try database.recording(id: id) else { return "no recording \(id)" }
            guard row.state != .recording else { return "recording \(id) is still being recorded" }
            try FileManager.default.copyItem(atPath: row.path, toPath: path)
            return nil
        } catch {
            return "\(error)"
        }
    }

    public func playRecording(id: Int64, port: Int) -> String? {
        do {
            appliance.writer?.flush()
            guard let row = try database.recording(id: id) else { return "no recording \(id)" }
            guard row.state != .recording else { return "recording \(id) is still being recorded" }
            let format = RecordingFormat(name: row.format) ?? RecordingFormat()
            return controlLock.withLock { appliance.play(recordingAt: row.path, format: format, toPort: port - 1) }
        } catch {
            return "\(error)"
        }
    }
}
