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

    /// The interpreter's whole instruction set in steady state: rules on caller and
    /// schedule at answer and on entry, both languages, `say` of numbers, durations and
    /// digits, `set`, a declared action, and digit collection with Luhn validation.
    @Test func theInterpreterMakesNoHeapAllocations() throws {
        let menu = """
            languages en, ru
            schedule office {
                timezone "Europe/Moscow"
                mon-sun 00:00-24:00
            }
            list vip {
                starts-with 777
            }
            when caller in vip: set tier 1
            entry main
            menu main {
                when office is closed: play closed; hangup
                when tier is 1: play sales
                play welcome
                on 1: language ru; say duration 180; say number 21 feminine; repeat
                on 2: language en; say duration 300; say digits 4539; repeat
                on 3: goto card
                on 4: queue support
            }
            menu card {
                play enter-number
                collect card 4 digits
                valid luhn
                on collected: say digits card; set copy card; goto main
                on invalid: play invalid-option; repeat
                on failure: goto main
            }
            """
        let harness = try ScenarioHarness(menuSource: menu, ports: 4)
        let callers = (0..<4).map { _ in ListeningCaller(expectedSeconds: 90) }
        for (port, caller) in callers.enumerated() {
            harness.board.placeCall(toPort: port, from: caller, callerNumber: port % 2 == 0 ? "7771234" : "5551234")
        }
        harness.step(20)
        // Languages and speech, a declared action, then a card number (valid or not) and back.
        let keys = ["1", "2", "4", "3", "4539", "1", "3", "1234", "2"]
        var allocations = 0
        var events = 0
        for frame in 0..<3000 {
            if frame > 320, frame % 150 == 0 {
                for (port, caller) in callers.enumerated() {
                    caller.press(keys[(frame / 150 + port) % keys.count], toneMilliseconds: 60, gapMilliseconds: 60)
                }
            }
            allocations += ThreadAllocationCounter.allocations {
                harness.appliance.engine.processFrame()
            }
            events += harness.appliance.drainEvents()
        }
        #expect(harness.appliance.engine.activeCalls == 4, "calls stayed up")
        #expect(events > 200, "the loop was busy: \(events) events")
        #expect(allocations == 0, "\(allocations) heap allocations in 3000 frames")
    }

    /// A shutdown on the media thread: no answer for a line that rings, calls ended
    /// after 'goodbye', bridged ones parted first.
    @Test func shuttingDownAllocatesNothing() throws {
        let harness = try ScenarioHarness(menuSource: CallFlowTests.menu, ports: 4)
        let callers = (0..<3).map { _ in ListeningCaller(expectedSeconds: 60) }
        for (port, caller) in callers.enumerated() {
            harness.board.placeCall(toPort: port, from: caller, callerNumber: "55512\(port)")
        }
        harness.step(600)
        #expect(harness.appliance.engine.activeCalls == 3)
        harness.appliance.bridge(1, 2)
        harness.appliance.stopAnswering()
        harness.board.placeCall(toPort: 3, from: ListeningCaller(), callerNumber: "5550000")
        var allocations = 0
        for frame in 0..<600 {
            if frame == 300 { harness.appliance.endCalls(farewell: true) }
            allocations += ThreadAllocationCounter.allocations {
                harness.appliance.engine.processFrame()
            }
            harness.appliance.drainEvents()
        }
        #expect(harness.appliance.callsInProgress == 0, "every call ended")
        #expect(try harness.storedCalls().map(\.disposition).sorted { $0.rawValue < $1.rawValue }
                == [.noAnswer, .shutDown, .shutDown, .shutDown])
        #expect(allocations == 0, "\(allocations) heap allocations")
    }
}
