import AttendantBoard
import AttendantDSP

/// The audio and menu the benchmark runs on.
enum BenchAudio {
    /// What each port hears from its caller: keys pressed now and then as DTMF, through
    /// the default line model (loss, noise, µ-law), each channel with its own noise seed.
    static func callerRecordings(channels: Int, frames: Int) -> [[Int16]] {
        (0..<channels).map { channel in
            var settings = LineModelSettings()
            settings.seed = Int32(channel + 1)
            let board = SimulatedBoard(portCount: 1, line: settings)
            let caller = PressingCaller(keys: ["1", "2", "9", "1", "#", "5", "*"], everyFrames: 60 + channel % 17)
            board.placeCall(toPort: 0, from: caller)
            var capture = [Int16](repeating: 0, count: AudioFormat.samplesPerFrame)
            let silence = [Int16](repeating: 0, count: AudioFormat.samplesPerFrame)
            capture.withUnsafeMutableBufferPointer { board.readFrame(into: $0) }
            board.setHook(.offHook, port: 0)
            var recording: [Int16] = []
            recording.reserveCapacity(frames * AudioFormat.samplesPerFrame)
            for _ in 0..<frames {
                capture.withUnsafeMutableBufferPointer { board.readFrame(into: $0) }
                silence.withUnsafeBufferPointer { board.writeFrame($0) }
                recording += capture
            }
            return recording
        }
    }
}

/// A far end that presses one key every so often.
private final class PressingCaller: FarEnd {
    private let generator = DTMFGenerator(toneMilliseconds: 60, gapMilliseconds: 60)
    private let keys: [String]
    private let everyFrames: Int64
    private var next = 0

    init(keys: [String], everyFrames: Int) {
        self.keys = keys
        self.everyFrames = Int64(everyFrames)
    }

    func send(into audio: UnsafeMutableBufferPointer<Int16>, frame: Int64) {
        if frame % everyFrames == 0 {
            generator.enqueue(keys[next % keys.count])
            next += 1
        }
        generator.generate(into: audio)
    }

    func receive(_ audio: UnsafeBufferPointer<Int16>, frame: Int64) {}
    func answered(frame: Int64) {}
    func released(frame: Int64) {}
}
