@testable import AttendantHardware
import AttendantBoard
import AttendantDSP
import AttendantEngine
import AttendantMenu
import AttendantPrompts
import AttendantSimulation
import AttendantTestSupport
import CALSA
import Foundation
import MallocInterposerSwift
import Testing

/// The hardware board through real alsa-lib PCMs: the `file` plugin over `null`,
/// which reads capture audio from a file and writes playback to one, unpaced (the
/// test's loop runs as fast as the CPU allows). Signalling comes from `SimulatedGPIO`.
/// The kernel's own devices (snd-aloop, gpio-sim) are exercised in the test VM.
@Suite(.serialized) struct HardwareBoardTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Two FXO ports on one two-channel capture PCM and one playback PCM.
    static let boardSource = """
        board "alsa-lib file PCMs"
        audio format s16le rate 8000 period 160 buffer 4
        cadence normal 2s 4s
        port 1 fxo {
            capture "attendant_test_capture" channel 0
            playback "attendant_test_playback" channel 0
            ring-detect line 0
            hook-relay line 1
            led line 8
        }
        port 2 fxo {
            capture "attendant_test_capture" channel 1
            playback "attendant_test_playback" channel 1
            ring-detect line 2
            hook-relay line 3
        }
        """

    struct Run {
        var heard: [[Int16]]             // per port, what the engine played
        var relayChanges: [(frame: Int, active: Bool)]
        var otherRelayChanges: Int
        var ledChanges: Int
        var statistics: HardwareStatistics
        var events: [EngineEvent]
        var recogniser: PromptRecogniser
        var answerFrame: Int
        /// Heap allocations on the media loop's thread from 11 s on: prompts, two keys,
        /// two menu changes, barge-in, GPIO polls and ALSA transfers.
        var steadyStateAllocations: Int
    }

    /// Rings port 1 (2 s on, 4 s off, the input pulsing at 25 Hz), lets the engine
    /// answer on the second ring, and sends keys as DTMF in the capture file: 1 at 10 s
    /// (to sales), # at 12 s (back to main), 1 again at 12.6 s, barging into welcome.
    /// `failingRead`/`failingWrite`: the transfer (counted from 1) that fails with `error`,
    /// or from which on every one does (`persistent`).
    /// `format`: what the codecs carry; the files are written and read in it.
    static func runCall(failingRead: Int? = nil, failingWrite: Int? = nil, error: Int32 = EPIPE,
                        persistent: Bool = false, format: SampleFormat = .s16LE) throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-alsa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("capture.raw"), output = folder.appendingPathComponent("playback.raw")

        let frames = 800, size = AudioFormat.samplesPerFrame
        var capture = [Int16](repeating: 0, count: frames * size * 2)
        let generator = DTMFGenerator(toneMilliseconds: 100, gapMilliseconds: 100)
        for (key, keyFrame) in [("1", 500), ("#", 600), ("1", 630)] {
            generator.enqueue(key)
            var tone = [Int16](repeating: 0, count: 1600)
            tone.withUnsafeMutableBufferPointer { _ = generator.generate(into: $0) }
            for (index, sample) in tone.enumerated() { capture[(keyFrame * size + index) * 2] = sample }
        }
        let law = format.companding
        if let law {
            try Data(capture.map(law.encode)).write(to: input)
        } else {
            try capture.withUnsafeBytes { try Data($0).write(to: input) }
        }

        let config = folder.appendingPathComponent("asound.conf")
        try """
            pcm.attendant_test_capture { type file; slave.pcm "null"; file "/dev/null"; infile "\(input.path)"; format "raw" }
            pcm.attendant_test_playback { type file; slave.pcm "null"; file "\(output.path)"; format "raw" }
            """.write(to: config, atomically: true, encoding: .utf8)
        setenv("ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf:\(config.path)", 1)
        defer { unsetenv("ALSA_CONFIG_PATH"); snd_config_update_free_global() }

        var reads = 0, writes = 0
        var calls = ALSACalls.system
        calls.readInterleaved = { pcm, buffer, count in
            reads += 1
            let fails = failingRead.map { persistent ? reads >= $0 : reads == $0 } ?? false
            return fails ? -Int(error) : snd_pcm_readi(pcm, buffer, snd_pcm_uframes_t(count))
        }
        // A stalled clock: no data comes, and waiting for it times out.
        calls.wait = { pcm, milliseconds in
            let stalled = error == EAGAIN && failingRead.map { reads >= $0 } ?? false
            return stalled ? 0 : snd_pcm_wait(pcm, milliseconds)
        }
        calls.writeInterleaved = { pcm, buffer, count in
            writes += 1
            return writes == failingWrite ? -Int(error) : snd_pcm_writei(pcm, buffer, snd_pcm_uframes_t(count))
        }
        let source = boardSource.replacingOccurrences(of: "format s16le", with: "format \(format.rawValue)")
        let description = try BoardFile.parse(source, file: "test.board").get()
        let gpio = SimulatedGPIO()
        var run: Run
        do {
            let board = try HardwareBoard(description: description, gpio: gpio, consumer: "attendant-test", calls: calls)
            let loaded = try MenuLoader.load(menuFile: root.appendingPathComponent("examples/demo.menu").path,
                                             catalogueFile: root.appendingPathComponent("prompts/catalogue.prompts").path)
            let engine = MediaEngine(board: board, program: ExecutableProgram(loaded))
            var events: [EngineEvent] = []
            events.reserveCapacity(1000)
            var answered: Int?
            let ringDetect = gpio.inputs[0]!
            func step(_ frame: Int) {
                gpio.frame = frame
                let ringing = answered == nil && frame % 300 < 100
                ringDetect.active = ringing && frame % 2 == 0
                ringDetect.pendingEdges = ringing ? 1 : 0
                engine.processFrame()
                while let event = engine.events.pop() {
                    events.append(event)
                    if case .answered = event { answered = frame }
                }
            }
            // The first call through each path initialises Swift metadata and lazy
            // statics once per process; the steady state is what follows, from 11 s on.
            for frame in 0..<550 { step(frame) }
            MallocInterposerSwift.initialize()
            ThreadAllocationCounter.install()
            let allocations = ThreadAllocationCounter.allocations {
                for frame in 550..<frames { step(frame) }
            }
            run = Run(heard: [], relayChanges: gpio.outputs[1]!.changes, otherRelayChanges: gpio.outputs[3]!.changes.count,
                      ledChanges: gpio.outputs[8]!.changes.count, statistics: board.statistics, events: events,
                      recogniser: PromptRecogniser(prompts: loaded.prompts.allPrompts), answerFrame: answered ?? -1,
                      steadyStateAllocations: allocations)
        }
        // The board is gone: its PCMs are closed and the playback file complete.
        let played = try Data(contentsOf: output)
        let samples = law.map { law in played.map(law.decode) } ?? played.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        run.heard = [stride(from: 0, to: samples.count, by: 2).map { samples[$0] },
                     stride(from: 1, to: samples.count, by: 2).map { samples[$0] }]
        return run
    }

    private func prompts(_ run: Run, port: Int) -> [(String, Double)] {
        run.heard[port].withUnsafeBufferPointer { buffer in
            run.recogniser.recognise(in: buffer, onsetsIn: 0..<buffer.count).map { ($0.name, Double($0.onset) / 8000) }
        }
    }

    @Test func ringAnswersOnTheSecondRingAndTheMenuFollowsTheKey() throws {
        let run = try Self.runCall()
        // Second ring starts at frame 300; 150 ms of burst makes it a ring.
        #expect((305...312).contains(run.answerFrame), "answered at frame \(run.answerFrame)")
        #expect(run.relayChanges.map(\.active) == [true] && run.relayChanges.first?.frame == run.answerFrame)
        #expect(run.otherRelayChanges == 0)
        // On with the first ring, off between rings, on with the second and through the call.
        #expect(run.ledChanges == 3)
        let heard = prompts(run, port: 0)
        #expect(heard.map(\.0) == ["welcome", "main-options", "sales", "welcome", "sales"], "\(heard)")
        // Playback runs two periods (40 ms) behind: the priming silence.
        let answerSeconds = Double(run.answerFrame + 1) * 0.02 + 0.04
        #expect(abs((heard.first?.1 ?? 0) - answerSeconds) < 0.03, "\(heard)")
        // Key 1 at 10.0 s (100 ms): the sales menu follows within the detection delay.
        #expect(heard.count == 5 && (10.0...10.2).contains(heard[2].1), "\(heard)")
        #expect(prompts(run, port: 1).isEmpty && run.heard[1].allSatisfy { $0 == 0 })
        #expect(run.statistics.xruns.load(ordering: .relaxed) == 0)
        #expect(run.statistics.frames.load(ordering: .relaxed) == 800)
        #expect(run.steadyStateAllocations == 0)
    }

    @Test(arguments: [(read: 450, write: nil), (read: nil, write: 460)] as [(Int?, Int?)])
    func anXrunIsRecoveredAndCountedAndTheCallGoesOn(read: Int?, write: Int?) throws {
        let run = try Self.runCall(failingRead: read, failingWrite: write)
        #expect(run.statistics.xruns.load(ordering: .relaxed) == 1)
        #expect(run.statistics.transferFailures.load(ordering: .relaxed) == 0)
        #expect(!run.events.contains { if case .ended = $0 { true } else { false } })
        #expect(prompts(run, port: 0).map(\.0) == ["welcome", "main-options", "sales", "welcome", "sales"])
    }

    @Test(arguments: [SampleFormat.aLaw, .muLaw])
    func compandedCodecsCarryTheSameCall(format: SampleFormat) throws {
        let run = try Self.runCall(format: format)
        #expect(prompts(run, port: 0).map(\.0) == ["welcome", "main-options", "sales", "welcome", "sales"])
    }

    @Test func aSuspendIsResumedAndCountedAndTheCallGoesOn() throws {
        let run = try Self.runCall(failingRead: 450, error: ESTRPIPE)
        #expect(run.statistics.suspends.load(ordering: .relaxed) == 1)
        #expect(run.statistics.xruns.load(ordering: .relaxed) == 0)
        #expect(run.statistics.transferFailures.load(ordering: .relaxed) == 0)
        #expect(prompts(run, port: 0).map(\.0) == ["welcome", "main-options", "sales", "welcome", "sales"])
    }

    @Test func aStalledClockGivesSilenceInsteadOfHangingTheMediaLoop() throws {
        // From the 450th read no data ever comes: each frame waits a bounded time, hears
        // silence, counts the timeout, and the loop goes on.
        let run = try Self.runCall(failingRead: 450, error: EAGAIN, persistent: true)
        #expect(run.statistics.transferFailures.load(ordering: .relaxed) == 351)
        // The frame of the 450th read waited for its clock just before the stall began.
        #expect(run.statistics.clockTimeouts.load(ordering: .relaxed) == 350)
        #expect(run.statistics.frames.load(ordering: .relaxed) == 800)
    }

    @Test func aDeviceThatKeepsFailingGivesSilenceNotADroppedCall() throws {
        // Every read from the 450th on fails with EIO: the engine hears silence, counts
        // each failure, and the call stays up (the caller's keys never arrive).
        let run = try Self.runCall(failingRead: 450, error: EIO, persistent: true)
        // Reads 450 on, each frame's read and its retry after a restart: frames 449 to 799.
        #expect(run.statistics.transferFailures.load(ordering: .relaxed) == 351)
        #expect(run.heard[0].count > 790 * 160, "playback went on")
        #expect(!run.events.contains { if case .ended = $0 { true } else { false } })
    }
}
