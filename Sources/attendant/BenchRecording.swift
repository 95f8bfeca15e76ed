import AttendantBoard
import AttendantDSP
import AttendantEngine
import AttendantMenu
import AttendantPrompts
import AttendantRecorder
import Foundation

/// The recording table of `attendant bench`: the media loop's cost with every channel
/// recorded, against raw spandsp on the same audio, and how many channels the recorder
/// thread keeps up with on this machine's disk.
enum BenchRecording {
    struct Result {
        var channels: Int
        var frames: Int
        var loopWithout: Double
        var loopWith: Double
        var raw: Double
        var allocations: Int64?
        var framesRecorded: Int
        var dropped: Int
        /// Per format: channel-seconds of audio coded and written per second of one thread.
        var throughput: [(String, Double)]
    }

    static func run(channels: Int, seconds: Int, rounds: Int, catalogue: PromptCatalogue,
                    raw: ([[Int16]], Int) -> Double) throws -> Result {
        let frames = seconds * 1000 / AudioFormat.frameMilliseconds
        let recordings = BenchAudio.callerRecordings(channels: channels, frames: frames)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-bench-rec-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var result = Result(channels: channels, frames: frames, loopWithout: .infinity, loopWith: .infinity, raw: .infinity,
                            allocations: nil, framesRecorded: 0, dropped: 0, throughput: [])
        let counts = AllocationCounter().map { counter in
            counter.start()
            let array = [Int](repeating: 42, count: Int.random(in: 100...200))
            return counter.stop() >= 1 && array.count >= 100
        } ?? false
        for round in 0..<rounds {
            result.raw = min(result.raw, raw(recordings, frames))
            result.loopWithout = min(result.loopWithout, try measureLoop(recordings, frames: frames, catalogue: catalogue, recorder: nil).seconds)
            let roundFolder = folder + "/\(round)"
            let measured = try measureLoop(recordings, frames: frames, catalogue: catalogue,
                                           recorder: (roundFolder, counts ? AllocationCounter() : nil))
            result.loopWith = min(result.loopWith, measured.seconds)
            result.allocations = measured.allocations.map { ($0) + (result.allocations ?? 0) }
            result.framesRecorded = measured.recorded
            result.dropped = measured.dropped
            try? FileManager.default.removeItem(atPath: roundFolder)
        }
        for encoding in RecordingEncoding.allCases {
            result.throughput.append(("wav-\(encoding.rawValue) stereo", measureRecorder(format: RecordingFormat(encoding: encoding),
                                                                                   folder: folder + "/\(encoding.rawValue)")))
        }
        return result
    }

    /// Seconds inside `processFrame()` only: the recorder drains the tap between frames, untimed.
    private static func measureLoop(_ recordings: [[Int16]], frames: Int, catalogue: PromptCatalogue,
                                     recorder folder: (String, AllocationCounter?)?) throws
        -> (seconds: Double, allocations: Int64?, recorded: Int, dropped: Int) {
        let names = Array(catalogue.names.prefix(2))
        let loaded = try MenuLoader.compile(source: BenchMenus.interpreterSource(prompts: names), file: "<bench>",
                                            catalogue: catalogue, language: "en")
        let program = ExecutableProgram(loaded)
        program.refreshSchedules(at: Date())
        let board = ReplayBoard(recordings: recordings)
        var settings = EngineSettings(answerAfterRings: 1)
        settings.recordingCapacity = recordings.count * 4
        let engine = MediaEngine(board: board, program: program, settings: settings)
        board.ringAllPorts()
        engine.processFrame()
        var recorder: Recorder?
        if let (path, _) = folder {
            recorder = Recorder(tap: engine.recordingTap, settings: RecorderSettings(directory: path, minFreeBytes: 0), finished: { _ in })
            for port in 0..<recordings.count {
                _ = recorder!.begin(id: Int32(port), path: path + "/\(port).wav", kind: .menu)
                engine.commands.push(.startRecording(port: port, recording: Int32(port)))
            }
        }
        // A first pass so that lazily made runtime state is not counted.
        for _ in 0..<5 {
            engine.processFrame()
            while engine.events.pop() != nil {}
            recorder?.pump()
        }
        var elapsed: UInt64 = 0
        var allocations: Int64 = 0
        for _ in 5..<frames {
            folder?.1?.start()
            let start = DispatchTime.now().uptimeNanoseconds
            engine.processFrame()
            elapsed += DispatchTime.now().uptimeNanoseconds - start
            if let counter = folder?.1 { allocations += counter.stop() }
            while engine.events.pop() != nil {}
            recorder?.pump()
        }
        for port in 0..<recordings.count { recorder?.end(id: Int32(port)) }
        recorder?.stop()
        return (Double(elapsed) / 1e9 * Double(frames) / Double(frames - 5), folder?.1 == nil ? nil : allocations,
                recorder?.statistics.framesWritten ?? 0, engine.recordingTap.dropped)
    }

    /// Channel-seconds of call audio one recorder thread codes, writes and syncs per second.
    private static func measureRecorder(format: RecordingFormat, folder: String) -> Double {
        let files = 32, seconds = 20
        let tap = RecordingTap(capacity: files * 2)
        let recorder = Recorder(tap: tap, settings: RecorderSettings(directory: folder, format: format, minFreeBytes: 0), finished: { _ in })
        var audio = [Int16](repeating: 0, count: AudioFormat.samplesPerFrame)
        for index in audio.indices { audio[index] = Int16(8000 * sin(Double(index) * 0.37)) }
        for file in 0..<files { _ = recorder.begin(id: Int32(file), path: folder + "/\(file).wav", kind: .menu) }
        let start = DispatchTime.now().uptimeNanoseconds
        audio.withUnsafeBufferPointer { samples in
            for _ in 0..<(seconds * 50) {
                for file in 0..<files { tap.offer(recording: Int32(file), left: samples.baseAddress!, right: samples.baseAddress!) }
                recorder.pump()
            }
        }
        for file in 0..<files { recorder.end(id: Int32(file)) }
        recorder.stop()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try? FileManager.default.removeItem(atPath: folder)
        return Double(files * seconds) / elapsed
    }

    static func table(_ result: Result) -> [(String, String)] {
        let channelFrames = Double(result.channels * result.frames)
        let raw = result.raw / channelFrames * 1e6
        let without = result.loopWithout / channelFrames * 1e6
        let with = result.loopWith / channelFrames * 1e6
        var table: [(String, String)] = [
            ("channels × frames", "\(result.channels) × \(result.frames), every channel recorded (stereo IMA ADPCM)"),
            ("raw spandsp dtmf_rx", String(format: "%.3f µs per channel-frame", raw)),
            ("media loop, no recording", String(format: "%.3f µs per channel-frame", without)),
            ("media loop, all recorded", String(format: "%.3f µs per channel-frame", with)),
            ("ratio recorded / raw", String(format: "%.2f (the tap alone: %.3f µs per channel-frame)", with / raw, with - without)),
            ("heap allocations", result.allocations.map { "\($0) in the recorded rounds' frames (media loop only)" }
                ?? "not counted (run under LD_PRELOAD of libMallocInterposerSwift.so, as `make bench` does)"),
            ("frames recorded", "\(result.framesRecorded) in the last round, \(result.dropped) dropped by a full tap"),
        ]
        for (format, rate) in result.throughput {
            table.append(("recorder: \(format)", String(format: "%.0f calls at once on one thread (seconds of call coded, written, fsynced each second)",
                                                        rate)))
        }
        return table
    }
}
