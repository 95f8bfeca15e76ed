import AttendantBoard
import AttendantDSP
import AttendantEngine
import AttendantMenu
import AttendantPrompts
import Foundation

/// The queue table of `attendant bench`: what a caller waiting in a queue (music,
/// announcements, its keys still detected) and a bridged call cost the media loop,
/// against raw spandsp on the same audio, in the same run.
enum BenchQueues {
    struct Result {
        var channels: Int
        var frames: Int
        var raw: Double
        var waiting: Double
        var bridged: Double
        var waitingCallers: Int
        var announcements: Int
        var bridgedCalls: Int
        var allocations: Int64?
    }

    /// Every caller joins the queue as soon as it is answered (the replay board gives no
    /// caller ID); the keys it goes on pressing are not the queue's, but are detected.
    static let source = """
        entry main
        menu main {
            when caller empty: queue line; hangup
            play welcome
        }
        queue line {
            agents 1
            announce every 10s
        }
        """

    static func run(channels: Int, seconds: Int, rounds: Int, catalogue: PromptCatalogue,
                    raw measureRaw: ([[Int16]], Int) -> Double) throws -> Result {
        let frames = seconds * 1000 / AudioFormat.frameMilliseconds
        // 64 distinct callers, shared across the ports: 2 000 recordings of their own would take 300 MB.
        let distinct = BenchAudio.callerRecordings(channels: min(64, channels), frames: frames)
        let recordings = (0..<channels).map { distinct[$0 % distinct.count] }
        let program = ExecutableProgram(try MenuLoader.compile(source: source, file: "<bench-queue>", catalogue: catalogue, language: "en"))
        let menuOnly = ExecutableProgram(try MenuLoader.compile(source: "entry main\nmenu main {\n    play welcome\n}",
                                                                file: "<bench-bridge>", catalogue: catalogue, language: "en"))

        let waitingEngine = answeredEngine(recordings, program)
        warm(waitingEngine, frames: 5)
        let waitingCallers = (0..<channels).filter { waitingEngine.isWaiting(port: $0) }.count

        let bridgedEngine = answeredEngine(recordings, menuOnly)
        // Callers in their menu, connected in pairs, a command queue's worth a frame.
        var port = 0
        while port + 1 < channels {
            while port + 1 < channels, bridgedEngine.commands.push(.bridge(port, port + 1)) { port += 2 }
            warm(bridgedEngine, frames: 1)
        }
        warm(bridgedEngine, frames: 2)
        let bridgedCalls = (0..<channels).filter { bridgedEngine.isBridged(port: $0) }.count / 2

        var raw = Double.infinity, waiting = Double.infinity, bridged = Double.infinity
        var announcements = 0
        var allocations: Int64?
        for _ in 0..<rounds {
            raw = min(raw, measureRaw(recordings, frames))
            let counter = AllocationCounter()
            counter?.start()
            let (seconds, announced) = measure(waitingEngine, frames: frames, announcing: true)
            waiting = min(waiting, seconds)
            announcements = announced
            bridged = min(bridged, measure(bridgedEngine, frames: frames, announcing: false).seconds)
            if let counter { allocations = counter.stop() }
        }
        return Result(channels: channels, frames: frames, raw: raw, waiting: waiting, bridged: bridged,
                      waitingCallers: waitingCallers, announcements: announcements, bridgedCalls: bridgedCalls,
                      allocations: allocations)
    }

    private static func answeredEngine(_ recordings: [[Int16]], _ program: ExecutableProgram) -> MediaEngine {
        let board = ReplayBoard(recordings: recordings)
        let engine = MediaEngine(board: board, program: program,
                                 settings: EngineSettings(answerAfterRings: 1, eventCapacity: 16384))
        board.ringAllPorts()
        engine.processFrame()
        return engine
    }

    private static func warm(_ engine: MediaEngine, frames: Int) {
        for _ in 0..<frames {
            engine.processFrame()
            while engine.events.pop() != nil {}
        }
    }

    /// Seconds spent; waiting callers hear their place once every 10 s, spread over the frames
    /// as the control side would send it.
    private static func measure(_ engine: MediaEngine, frames: Int, announcing: Bool) -> (seconds: Double, announced: Int) {
        let ports = engine.board.portCount
        let period = 500  // 10 s
        var announced = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for frame in 0..<frames {
            if announcing {
                var port = frame % period
                while port < ports {
                    if engine.commands.push(.announce(caller: port, position: port + 1, waitMinutes: 3)) { announced += 1 }
                    port += period
                }
            }
            engine.processFrame()
            while engine.events.pop() != nil {}
        }
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, announced)
    }

    static func table(_ result: Result) -> [(String, String)] {
        let channelFrames = Double(result.channels * result.frames)
        let raw = result.raw / channelFrames * 1e6
        let waiting = result.waiting / channelFrames * 1e6
        let bridged = result.bridged / channelFrames * 1e6
        let budget = Double(AudioFormat.frameMilliseconds) * 1000
        func frame(_ perChannel: Double) -> String {
            String(format: "%.0f µs per frame for all %d (%.0f %% of the 20 ms budget)",
                   perChannel * Double(result.channels), result.channels, perChannel * Double(result.channels) / budget * 100)
        }
        return [
            ("callers", "\(result.channels) on a replay board, \(result.frames) frames; keys pressed throughout"),
            ("raw spandsp dtmf_rx", String(format: "%.3f µs per channel-frame", raw)),
            ("waiting in a queue", String(format: "%.3f µs per caller-frame, ratio to raw %.2f; %@", waiting, waiting / raw,
                                          frame(waiting))),
            ("  of them waiting", "\(result.waitingCallers) of \(result.channels), music and \(result.announcements) "
                + "announcements of place and wait in the last round"),
            ("bridged", String(format: "%.3f µs per caller-frame, ratio to raw %.2f; %@", bridged, bridged / raw, frame(bridged))),
            ("  of them bridged", "\(result.bridgedCalls) calls of two"),
            ("heap allocations", result.allocations.map { "\($0) in both, every round's last" }
                ?? "not counted (run under LD_PRELOAD of libMallocInterposerSwift.so, as `make bench` does)"),
        ]
    }
}
