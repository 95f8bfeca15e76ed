import AttendantSimulation
import AttendantTestSupport
import MallocInterposerSwift
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The media loop's steady state allocates nothing: counted with ordo-one's
/// malloc-interposer around `processFrame()` while calls play prompts, callers press
/// keys, menus change and prompts are cut by barge-in.
@Suite(.serialized) struct AllocationTests {
    init() {
        MallocInterposerSwift.initialize()
        ThreadAllocationCounter.install()
    }

    @Test func theCounterSeesAllocations() {
        // Without this the zero below could mean "not counting".
        var array: [Int] = []
        let counted = ThreadAllocationCounter.allocations {
            array = Array(repeating: 42, count: Int.random(in: 100...200))
        }
        #expect(array.count >= 100)
        #expect(counted >= 1)
    }

    @Test func steadyStateMediaLoopMakesNoHeapAllocations() throws {
        let harness = try ScenarioHarness(menuSource: CallFlowTests.menu, ports: 4)
        let callers = (0..<4).map { _ in ListeningCaller(expectedSeconds: 60) }
        for (port, caller) in callers.enumerated() {
            harness.board.placeCall(toPort: port, from: caller, callerNumber: "55512\(port)")
        }
        harness.step(20)  // first frames: lazily made runtime metadata is not the loop's steady state

        // Keys that walk main → sales → back → support → back, over and over.
        let keys = ["1", "#", "2", "#"]
        var allocations = 0
        var frames = 0
        var events = 0
        // Counted from here: ringing, caller ID, answer, menus, barge-in.
        for frame in 0..<1800 {
            if frame > 320, frame % 75 == 0 {
                for (port, caller) in callers.enumerated() {
                    caller.press(keys[(frame / 75 + port) % keys.count], toneMilliseconds: 60, gapMilliseconds: 60)
                }
            }
            allocations += ThreadAllocationCounter.allocations {
                harness.appliance.engine.processFrame()
            }
            frames += 1
            events += harness.appliance.drainEvents()
        }
        #expect(harness.appliance.engine.activeCalls == 4, "calls stayed up")
        #expect(events > 100, "the loop was busy: \(events) events")
        #expect(allocations == 0, "\(allocations) heap allocations in \(frames) frames")
    }
}
