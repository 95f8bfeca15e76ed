import AttendantEngine
import AttendantRecorder
import Foundation

/// Recordings played to a call: the control side decodes the file into memory it keeps
/// until the call ends; the media thread only copies samples from it.
extension Appliance {
    /// Plays the recording at `path` (both channels mixed) to the call on `port`
    /// (0-based), after the prompts it has queued. Returns nil, or why not.
    public func play(recordingAt path: String, format: RecordingFormat, toPort port: Int) -> String? {
        guard tracker.callID(onPort: port) != nil else { return "no call on port \(port + 1)" }
        let audio: RecordingReader.Audio
        do {
            audio = try RecordingReader.read(path: path, format: format)
        } catch {
            return "cannot read \(path): \(error)"
        }
        let length = audio.channels.map(\.count).max() ?? 0
        guard length > 0 else { return "\(path) holds no audio" }
        let buffer = UnsafeMutableBufferPointer<Int16>.allocate(capacity: length)
        buffer.initialize(repeating: 0)
        for channel in audio.channels {
            // Both parties, mixed with saturation (as a mono recording is).
            for (index, sample) in channel.enumerated() { buffer[index] = Int16(clamping: Int32(buffer[index]) + Int32(sample)) }
        }
        voicemail.lend(buffer, port: port)
        guard engine.commands.push(.playRecording(port: port, samples: UInt(bitPattern: buffer.baseAddress), count: Int32(length))) else {
            return "the media thread is busy: try again"
        }
        return nil
    }
}
