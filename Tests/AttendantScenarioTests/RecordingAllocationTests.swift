import AttendantRecorder
import AttendantSimulation
import AttendantTestSupport
import Foundation
import MallocInterposerSwift
import Testing

/// With 32 calls recorded, the media loop still allocates nothing: frames go into the
/// tap's pool, never to a file or the heap.
@Suite(.serialized) struct RecordingAllocationTests {
    init() {
        MallocInterposerSwift.initialize()
        ThreadAllocationCounter.install()
    }

    @Test func thirtyTwoRecordingsCostTheMediaLoopNoHeapAllocations() throws {
        let ports = 32
        let harness = try ScenarioHarness(menuSource: RecordingScenarioTests.menu, ports: ports)
        let folder = NSTemporaryDirectory() + "attendant-alloc-rec-\(UUID().uuidString)"
        let writer = harness.writer
        let recorder = Recorder(tap: harness.appliance.engine.recordingTap,
                                settings: RecorderSettings(directory: folder, minFreeBytes: 0), finished: { writer.submit($0) })
        harness.appliance.recorder = recorder
        let callers = (0..<ports).map { _ in ListeningCaller(expectedSeconds: 60) }
        for (port, caller) in callers.enumerated() {
            harness.board.placeCall(toPort: port, from: caller, callerNumber: "5551\(port)")
        }
        var allocations = 0
        for frame in 0..<1200 {
            if frame == 320 { for caller in callers { caller.press("7", toneMilliseconds: 80, gapMilliseconds: 60) } }
            let counted = ThreadAllocationCounter.allocations { harness.appliance.engine.processFrame() }
            if frame >= 420 { allocations += counted }  // from when every call is recorded
            harness.appliance.drainEvents()
            recorder.pump()
        }
        #expect(recorder.statistics.recordingsStarted == ports)
        #expect(recorder.statistics.framesWritten >= ports * 700, "\(recorder.statistics)")
        #expect(harness.appliance.engine.activeCalls == ports)
        #expect(allocations == 0, "\(allocations) heap allocations in 780 frames with \(ports) recordings")
        recorder.stop()
    }
}
