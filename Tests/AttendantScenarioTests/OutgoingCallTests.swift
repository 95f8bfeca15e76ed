import AttendantBoard
import AttendantControl
import AttendantEngine
import AttendantSimulation
import AttendantStore
import AttendantTestSupport
import MallocInterposerSwift
import Testing

/// Calls the appliance makes on its lines, judged on the audio each party received:
/// a caller who asked for a callback is called back when its place comes up and
/// talks to the agent; a follow-me agent is dialled on a mobile and accepts with 1.
@Suite struct OutgoingCallTests {
    /// The queue tests' menu (key 1 waits in `support`), with file-level `agents` lines.
    static func menu(queue: String, agents: String = "") -> String {
        QueueTests.menu(queue) + "\n" + agents + "\n"
    }

    /// Agent 4's phone never answers; key 5 asks for a callback.
    func callbackHarness() throws -> ScenarioHarness {
        let harness = try ScenarioHarness(menuSource: Self.menu(queue: """
                agents 4
                announce never
                on 5: callback
            """), ports: 3, phones: 1)
        harness.board.attach(AnsweringPhone(answerAfterSeconds: nil), toPort: 3)
        #expect(harness.appliance.centre.logIn(4))
        return harness
    }

    func greeting(_ name: String, in harness: ScenarioHarness) throws -> [Int16] {
        try #require(harness.recogniser.samples(named: name))
    }

    @Test func aCallbackKeepsItsPlaceIsPlacedWhenItComesUpAndTalksToTheAgent() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu(queue: """
                agents 4
                wrap-up 0s
                announce never
                on 5: callback
            """), ports: 3, phones: 1)
        let agent = AnsweringPhone(answerAfterSeconds: 1, greeting: try greeting("support", in: harness), hangUpAfterSeconds: 15)
        harness.board.attach(agent, toPort: 3)
        #expect(harness.appliance.centre.logIn(4))
        let outcome = try harness.run([
            """
            call 1 from 5550001
            expect welcome within 8
            press 1
            expect support within 10
            expect thank-you within 30
            """,
            """
            wait 2
            call 2 from 5550002
            expect welcome within 8
            press 1
            expect hold-music within 3
            press 5
            expect callback-requested within 3
            expect hangup within 5
            expect ring within 60
            answer
            say welcome
            expect callback-connecting within 10
            expect support within 20
            say goodbye
            wait 2
            hangup
            """,
            """
            wait 12
            call 3 from 5550003
            expect welcome within 8
            press 1
            expect hold-music within 3
            expect support within 120
            hangup
            """,
        ])
        #expect(outcome.succeeded, "\(outcome.report)")
        let agentHeard = harness.promptsHeard(in: agent.listener.received)
        #expect(agentHeard.contains("goodbye"), "the agent heard the caller called back: \(agentHeard)")

        let events = harness.appliance.queueEvents.filter { $0.kind != .loggedIn }
        let kinds = events.map(\.kind)
        let requested = try #require(kinds.firstIndex(of: .callbackRequested), "\(kinds)")
        let placed = try #require(kinds.firstIndex(of: .callbackPlaced), "\(kinds)")
        let answered = try #require(kinds.firstIndex(of: .callbackAnswered), "\(kinds)")
        #expect(requested < placed && placed < answered, "\(kinds)")
        // The caller called back kept its place: it is connected before the caller who came after it.
        let connections = events.filter { $0.kind == .connected }.map(\.callID)
        #expect(connections.count == 3, "\(kinds)")
        let callbackCallID = events[requested].callID
        let laterCallerID = events.filter { $0.kind == .entered }.last?.callID
        #expect(connections.firstIndex(of: callbackCallID) ?? 9 < connections.firstIndex(of: laterCallerID) ?? 0,
                "connected in the order \(connections)")
        #expect(events[placed].reason == "5550002")
        // The call back is a call of its own, with a record that names the number called.
        let calls = try harness.storedCalls()
        #expect(calls.contains { $0.callerNumber == "5550002" && $0.callID == events[answered].reason }, "\(calls.map(\.callID))")
    }

    @Test func aCallerWithoutCallerIDCannotAskForACallbackAndKeepsWaiting() throws {
        let harness = try callbackHarness()
        let outcome = try harness.run(["""
            call 1
            expect welcome within 8
            press 1
            expect hold-music within 3
            press 5
            expect callback-impossible within 3
            wait 10
            hangup
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        // Still waiting when it hung up: its wait ends as abandoned, not as left by a key.
        let kinds = harness.appliance.queueEvents.map(\.kind).filter { $0 != .loggedIn && $0 != .offered && $0 != .missed }
        #expect(kinds == [.entered, .abandoned], "\(kinds)")
    }

    @Test func aCallbackNobodyAnswersIsTriedThreeTimesAMinuteApartThenGivenUp() throws {
        let harness = try callbackHarness()
        let outcome = try harness.run(["""
            call 1 from 5550002
            expect welcome within 8
            press 1
            press 5
            expect callback-requested within 3
            expect hangup within 5
            expect ring within 60
            wait 40
            expect ring within 60
            wait 40
            expect ring within 60
            wait 40
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        let failures = harness.appliance.queueEvents.filter { $0.kind == .callbackFailed }
        #expect(failures.map(\.reason) == ["no answer", "no answer", "no answer; given up"], "\(failures)")
        #expect(harness.appliance.queueEvents.filter { $0.kind == .callbackPlaced }.count == 3)
        #expect(!harness.appliance.centre.isWaiting(port: 0))
    }

    @Test func aFollowMeAgentIsDialledOnTheirMobileAcceptsWithOneAndTalksToTheCaller() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu(queue: """
                agents 9
                announce never
            """, agents: "agent 9 mobile 5559876"), ports: 3)
        #expect(harness.appliance.centre.logIn(9))
        let outcome = try harness.run([
            """
            call 1 from 5550001
            expect welcome within 8
            press 1
            expect hold-music within 3
            expect goodbye within 60
            say support
            expect thank-you within 30
            """,
            """
            mobile 5559876
            expect ring within 30
            answer
            say welcome
            expect agent-call within 10
            expect agent-accept within 10
            press 1
            say goodbye
            expect support within 15
            wait 2
            hangup
            """,
        ])
        #expect(outcome.succeeded, "\(outcome.report)")
        let kinds = harness.appliance.queueEvents.map(\.kind).filter { $0 != .loggedIn }
        #expect(kinds == [.entered, .offered, .connected, .completed], "\(kinds)")
        #expect(harness.appliance.queueEvents.first { $0.kind == .connected }?.agent == 9)
    }

    @Test func aFollowMeAgentWhoRejectsIsCountedAsAMissAndPaused() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu(queue: """
                agents 9
                announce never
                pause after 1 missed
            """, agents: "agent 9 mobile 5559876"), ports: 3)
        #expect(harness.appliance.centre.logIn(9))
        let outcome = try harness.run([
            """
            call 1 from 5550001
            expect welcome within 8
            press 1
            expect hold-music within 3
            wait 30
            hangup
            """,
            """
            mobile 5559876
            expect ring within 30
            answer
            say welcome
            expect agent-accept within 10
            press 2
            expect hangup within 5
            """,
        ])
        #expect(outcome.succeeded, "\(outcome.report)")
        let kinds = harness.appliance.queueEvents.map(\.kind).filter { $0 != .loggedIn }
        #expect(kinds.starts(with: [.entered, .offered, .missed, .paused]), "\(kinds)")
        #expect(harness.appliance.centre.agents[9]?.state == .paused(reason: "missed 1 offers"))
    }

    /// Seizing, dialling, ringback, the answer heard, the offer said, 1 pressed and the
    /// bridge: the media loop (with the simulated exchange) allocates nothing.
    @Test func callingAFollowMeAgentAllocatesNothingOnTheMediaThread() throws {
        MallocInterposerSwift.initialize()
        ThreadAllocationCounter.install()
        let harness = try ScenarioHarness(menuSource: Self.menu(queue: "    agents 9\n    announce never",
                                                                agents: "agent 9 mobile 5559876"), ports: 3)
        let mobile = AnsweringPhone(answerAfterSeconds: 2, greeting: try greeting("welcome", in: harness), hangUpAfterSeconds: 20)
        harness.board.directory.list(mobile, number: "5559876")
        harness.appliance.centre.logIn(9)
        let caller = ListeningCaller(expectedSeconds: 120)
        harness.board.placeCall(toPort: 0, from: caller, callerNumber: "5551234")
        harness.step(350)
        caller.press("1")
        var allocations = 0
        for frame in 0..<2000 {
            if frame == 900 { mobile.dial("1") }  // after "press 1 to accept"
            allocations += ThreadAllocationCounter.allocations { harness.appliance.engine.processFrame() }
            harness.appliance.drainEvents()
        }
        let kinds = harness.appliance.queueEvents.map(\.kind).filter { $0 != .loggedIn }
        #expect(kinds == [.entered, .offered, .connected, .completed], "\(kinds)")
        #expect(allocations == 0, "the media loop allocated \(allocations) times")
    }
}
