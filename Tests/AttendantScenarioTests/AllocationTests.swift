import AttendantSimulation
import Atomics
import MallocInterposerSwift
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Counts allocations made by one thread only. The interposer counts every thread,
/// and other tests allocate in parallel; its per-allocation hook runs on the
/// allocating thread, so the hook keeps the ones made by the measured thread.
enum ThreadAllocationCounter {
    private static let measuredThread = ManagedAtomic<UInt>(0)
    private static let count = ManagedAtomic<Int>(0)

    static func install() {
        MallocInterposerSwift.setAllocationHook { _ in
            // Runs inside malloc: atomics only, nothing that could allocate.
            if UInt(bitPattern: Int(bitPattern: pthread_self())) == ThreadAllocationCounter.measuredThread.load(ordering: .relaxed) {
                ThreadAllocationCounter.count.wrappingIncrement(ordering: .relaxed)
            }
        }
    }

    /// Allocations `body` makes on the calling thread.
    static func allocations(in body: () -> Void) -> Int {
        count.store(0, ordering: .relaxed)
        measuredThread.store(UInt(bitPattern: Int(bitPattern: pthread_self())), ordering: .relaxed)
        MallocInterposerSwift.hook()
        body()
        MallocInterposerSwift.unhook()
        measuredThread.store(0, ordering: .relaxed)
        return count.load(ordering: .relaxed)
    }
}

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
