import AttendantConsole
import AttendantRuntime
import AttendantControl
import AttendantEngine
import AttendantSimulation
import AttendantTestSupport
import MallocInterposerSwift
import Testing

/// The media loop as a switch: two answered calls connected by the control side hear
/// each other, judged on the audio each party received; when one leaves, the other is
/// back in its menu, never dropped.
@Suite(.serialized) struct SwitchTests {
    static let menu = """
        entry main
        menu main {
            play welcome
            wait 20s
            on 9: play goodbye; hangup
            on 1: play sales          // the parties say these recordings to each other
            on 2: play support
        }
        """

    @Test func bridgedCallersHearEachOtherAndTheOneLeftGoesBackToTheMenu() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu)
        let outcome = try harness.run([
            """
            call 1 from 5551111
            expect welcome within 8
            wait 3
            say sales
            expect support within 12
            hangup
            """,
            """
            call 2 from 5552222
            expect welcome within 8
            expect sales within 12
            say support
            expect welcome within 10
            """,
        ], beforeFrame: { frame in
            if frame == 400 { harness.appliance.bridge(0, 1) }  // 8 s: both calls answered
        })
        #expect(outcome.succeeded, "\(outcome.report)")
        let views = harness.appliance.tracker.channelViews
        #expect(views[1].state == .inMenu, "\(views)")
        harness.step(100)
    }

    @Test func aBridgeToAPortWithoutACallIsRefusedAndTheCallerStaysInTheMenu() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu)
        let outcome = try harness.run(["""
            call 1 from 5551111
            expect welcome within 8
            press 9
            expect goodbye within 4
            """], beforeFrame: { frame in
            if frame == 380 { harness.appliance.bridge(0, 3) }
        })
        #expect(outcome.succeeded, "\(outcome.report)")
    }

    @Test func mixingABridgeAllocatesNothing() throws {
        MallocInterposerSwift.initialize()
        ThreadAllocationCounter.install()
        let harness = try ScenarioHarness(menuSource: Self.menu, ports: 4)
        let callers = (0..<4).map { _ in ListeningCaller(expectedSeconds: 30) }
        for (port, caller) in callers.enumerated() { harness.board.placeCall(toPort: port, from: caller, callerNumber: "555000\(port)") }
        harness.step(400)
        harness.appliance.bridge(0, 1)
        harness.appliance.bridge(2, 3)
        harness.step(20)
        var allocations = 0
        for frame in 0..<500 {
            if frame == 250 { harness.appliance.unbridge(0) }
            allocations += ThreadAllocationCounter.allocations { harness.appliance.engine.processFrame() }
            harness.appliance.drainEvents()
        }
        #expect(harness.appliance.tracker.channelViews.map(\.state) == [.inMenu, .inMenu, .bridged, .bridged])
        #expect(allocations == 0, "\(allocations) allocations in 500 frames")
    }

    @Test func theConsoleBridgesAnsweredCallsOnly() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu)
        let live = LiveAppliance(appliance: harness.appliance, database: harness.database, recogniser: harness.recogniser,
                                 notify: { _ in })
        let console = ConsoleCommands(backend: live)
        let callers = (0..<2).map { _ in ListeningCaller(expectedSeconds: 30) }
        for (port, caller) in callers.enumerated() { harness.board.placeCall(toPort: port, from: caller, callerNumber: "5550000") }
        harness.step(400)
        #expect(console.execute("bridge 1 3").text == "error: no answered call on port 3")
        #expect(console.execute("bridge 1 2").text == "connecting ports 1 and 2")
        harness.step(2)
        #expect(console.execute("show channels").text.contains("bridged   5550000       with port 2"))
        #expect(console.execute("unbridge 2").text == "port 2: back to its menu")
        harness.step(2)
        #expect(harness.appliance.tracker.channelViews.prefix(2).map(\.state) == [.inMenu, .inMenu])
        #expect(console.execute("unbridge 2").text == "error: the call on port 2 is not bridged")
    }

    /// Putting a caller through to an office phone, ringback, the phone's call and its
    /// hang-up: no heap allocation on the media thread.
    @Test func puttingACallerThroughAllocatesNothing() throws {
        MallocInterposerSwift.initialize()
        ThreadAllocationCounter.install()
        let menu = """
            entry main
            menu main {
                play welcome
                wait 30s
                on 0: extension 3
            }
            """
        let harness = try ScenarioHarness(menuSource: menu, ports: 2, phones: 1)
        let phone = AnsweringPhone(answerAfterSeconds: 3, hangUpAfterSeconds: 4)
        harness.board.attach(phone, toPort: 2)
        let caller = ListeningCaller(expectedSeconds: 60)
        harness.board.placeCall(toPort: 0, from: caller, callerNumber: "5551234")
        harness.step(400)
        var allocations = 0
        var bridged = false
        for frame in 0..<1000 {
            if frame == 10 { caller.press("0") }
            allocations += ThreadAllocationCounter.allocations { harness.appliance.engine.processFrame() }
            harness.appliance.drainEvents()
            if harness.appliance.tracker.channelViews[2].state == .bridged { bridged = true }
        }
        #expect(bridged, "the phone answered and was connected")
        #expect(phone.timesRung == 1 && !phone.isOffHook)
        #expect(harness.appliance.tracker.channelViews[0].state == .inMenu)
        #expect(allocations == 0, "\(allocations) allocations in 1000 frames")
    }
}
