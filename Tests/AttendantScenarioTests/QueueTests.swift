import AttendantBoard
import AttendantConsole
import AttendantRuntime
import AttendantControl
import AttendantEngine
import AttendantSimulation
import AttendantStore
import AttendantTestSupport
import MallocInterposerSwift
import Testing

/// Queues on the simulated board: callers wait hearing music and announcements,
/// agents' office phones (FXS ports 4 and 5, extensions 4 and 5) are offered them, and every party is
/// judged on the audio it received.
@Suite struct QueueTests {
    static func menu(_ queue: String) -> String {
        """
        entry main
        list vip { 5550001 }
        menu main {
            play welcome
            wait 10s
            on 1: queue support; play thank-you; hangup
            on 7: play goodbye        // the parties say these to each other
            on 8: play support
        }
        queue support {
        \(queue)
        }
        """
    }

    static let twoAgents = """
            agents 4, 5
            ring 6s
            announce every 10s
            on 0: goto main
        """

    /// A harness whose phones on ports 4 and 5 are `phones`, with `loggedIn` agents logged in.
    func harness(_ queue: String = twoAgents, phones: [AnsweringPhone], loggedIn: [Int] = [4, 5]) throws -> ScenarioHarness {
        let harness = try ScenarioHarness(menuSource: Self.menu(queue), ports: 3, phones: 2)
        for (index, phone) in phones.enumerated() { harness.board.attach(phone, toPort: 3 + index) }
        for agent in loggedIn { #expect(harness.appliance.centre.logIn(agent)) }
        return harness
    }

    func heard(by phone: AnsweringPhone, in harness: ScenarioHarness) -> [String] {
        harness.promptsHeard(in: phone.listener.received)
    }

    func greeting(_ name: String) throws -> [Int16] {
        try #require(try ScenarioHarness(menuSource: Self.menu(Self.twoAgents)).recogniser.samples(named: name))
    }

    @Test func aWaitingCallerHearsMusicThenTheAgentAndEachHearsTheOther() throws {
        let agent = AnsweringPhone(answerAfterSeconds: 3, greeting: try greeting("support"), hangUpAfterSeconds: 12)
        let other = AnsweringPhone(answerAfterSeconds: nil)
        let harness = try harness(phones: [agent, other], loggedIn: [4])
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect hold-music within 2
            expect support within 10
            say goodbye
            expect thank-you within 20
            expect hangup within 10
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        #expect(agent.timesRung == 1 && other.timesRung == 0)
        let agentHeard = heard(by: agent, in: harness)
        #expect(agentHeard.contains("goodbye"), "the agent heard: \(agentHeard)")
        #expect(!agentHeard.contains("hold-music") && !agentHeard.contains("welcome"), "the agent heard: \(agentHeard)")

        let call = try #require(try harness.storedCalls().first)
        let kinds = try harness.database.queueEvents(callID: call.callID).map(\.kind)
        #expect(kinds == [.entered, .offered, .connected, .completed], "\(kinds)")
        let agentState = harness.appliance.centre.agents[4]?.state
        #expect(agentState != .available && agentState != .loggedOut, "agent 4 wraps up after the call: \(String(describing: agentState))")
    }

    @Test func anAgentWhoDoesNotAnswerIsPassedOverAndPausedAfterTheMissesAllowed() throws {
        let sleeper = AnsweringPhone(answerAfterSeconds: nil)
        let agent = AnsweringPhone(answerAfterSeconds: 2, greeting: try greeting("support"), hangUpAfterSeconds: 6)
        let harness = try harness(Self.twoAgents + "\n    pause after 1 missed", phones: [sleeper, agent])
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect support within 15
            expect thank-you within 15
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        // Longest idle: neither has had a call, so extension 4 is offered first.
        #expect(sleeper.timesRung == 1 && agent.timesRung == 1)
        #expect(harness.appliance.centre.agents[4]?.state == .paused(reason: "missed 1 offers"))
        let kinds = harness.appliance.queueEvents.map(\.kind).filter { $0 != .loggedIn }
        #expect(kinds.starts(with: [.entered, .offered, .missed, .paused, .offered, .connected]), "\(kinds)")
    }

    @Test func ringAllRingsEveryFreeAgentAndTheFirstToAnswerTakesTheCall() throws {
        let slow = AnsweringPhone(answerAfterSeconds: 5)
        let quick = AnsweringPhone(answerAfterSeconds: 2, greeting: try greeting("support"), hangUpAfterSeconds: 6)
        let harness = try harness(Self.twoAgents + "\n    strategy ring-all", phones: [slow, quick])
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect support within 10
            expect thank-you within 15
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        #expect(slow.timesRung == 1 && quick.timesRung == 1)
        #expect(!slow.isOffHook, "the slower phone stopped ringing before it was picked up")
        #expect(heard(by: slow, in: harness).isEmpty)
    }

    @Test func positionAnnouncementsFollowTheLineAsItMoves() throws {
        let agent = AnsweringPhone(answerAfterSeconds: 1, greeting: try greeting("support"), hangUpAfterSeconds: 25)
        let harness = try harness(Self.twoAgents, phones: [agent], loggedIn: [4])
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect support within 6
            hangup
            """, """
            call 2 from 5551235
            expect welcome within 8
            wait 1
            press 1
            expect queue-next within 12
            expect support within 40
            hangup
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
    }

    @Test func theSecondCallerHearsItsPlaceThenThatItIsNext() throws {
        let agent = AnsweringPhone(answerAfterSeconds: 1, greeting: try greeting("support"), hangUpAfterSeconds: 15)
        let harness = try harness(Self.twoAgents, phones: [agent], loggedIn: [4])
        harness.appliance.centre.logIn(4)
        // Caller 1 talks to the agent; 2 and 3 wait; 3 is told it is second, then next.
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect support within 6
            wait 40
            hangup
            """, """
            call 2 from 5551235
            expect welcome within 8
            wait 1
            press 1
            expect support within 40
            hangup
            """, """
            call 3 from 5551236
            expect welcome within 8
            wait 2
            press 1
            expect queue-position within 12
            expect queue-waiting within 5
            expect queue-next within 30
            expect queue-hold-time within 5     // a call has been handled: the wait is estimated
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
    }

    @Test func aVIPWaitsAheadOfEarlierCallers() throws {
        let agent = AnsweringPhone(answerAfterSeconds: 1, greeting: try greeting("support"), hangUpAfterSeconds: 10)
        let harness = try harness(Self.twoAgents + "\n    vip when caller in vip", phones: [agent], loggedIn: [4])
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect support within 6
            wait 30
            hangup
            """, """
            call 2 from 5551235
            expect welcome within 8
            wait 1
            press 1
            expect queue-position within 12
            wait 30
            hangup
            """, """
            call 3 from 5550001
            expect welcome within 8
            wait 2
            press 1
            expect queue-next within 12
            expect support within 20
            hangup
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
    }

    @Test func withNoAgentLoggedInTheCallerHearsTheQueuesMessageNotBusy() throws {
        let harness = try harness(Self.twoAgents + "\n    on no-agents: play closed; hangup", phones: [], loggedIn: [])
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect closed within 3
            expect hangup within 10
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        #expect(harness.appliance.queueEvents.map(\.reason).contains("noAgents"))
    }

    @Test func aCallerWhoWaitsTooLongOverflowsAndAKeyLeavesTheQueue() throws {
        let never = AnsweringPhone(answerAfterSeconds: nil)
        let queue = Self.twoAgents + "\n    max-wait 20s\n    pause after 9 missed\n    on timeout: play try-later; hangup"
        let harness = try harness(queue, phones: [never], loggedIn: [4])
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect try-later within 25
            expect hangup within 10
            """, """
            call 2 from 5551235
            expect welcome within 8
            press 1
            wait 3
            press 0
            expect welcome within 3
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        let kinds = harness.appliance.queueEvents.map(\.kind)
        #expect(kinds.contains(.overflowed) && kinds.contains(.leftByKey), "\(kinds)")
    }

    @Test func starCodesLogInPauseAndLogOutAnAgentAndSayHowItWent() throws {
        let phone = AnsweringPhone(answerAfterSeconds: nil)
        let harness = try harness(phones: [phone], loggedIn: [])
        let centre = harness.appliance.centre
        var steps: [(at: Int, act: () -> Void)] = [
            (10, { phone.pickUp() }), (30, { phone.dial("*11#") }),
            (300, { phone.dial("*132#") }), (600, { phone.dial("*99#") }), (900, { phone.dial("*12#") }),
            (1200, { phone.hangUp() }),
        ]
        var states: [AgentState?] = []
        for frame in 0..<1250 {
            if let step = steps.first, step.at == frame {
                steps.removeFirst()
                states.append(centre.agents[4]?.state)
                step.act()
            }
            harness.step()
        }
        states.append(centre.agents[4]?.state)
        #expect(states == [.loggedOut, .loggedOut, .available, .paused(reason: "2"), .paused(reason: "2"), .loggedOut, .loggedOut])
        let heard = heard(by: phone, in: harness)
        #expect(heard == ["agent-logged-in", "agent-logged-out", "agent-incorrect", "agent-logged-out"], "\(heard)")
    }
}

/// The console's view of queues and agents, and its agent commands.
@Suite struct QueueConsoleTests {
    @Test func theConsoleShowsQueuesAndAgentsAndChangesAgentStates() throws {
        let harness = try ScenarioHarness(menuSource: QueueTests.menu(QueueTests.twoAgents), ports: 3, phones: 2)
        let live = LiveAppliance(appliance: harness.appliance, database: harness.database, recogniser: harness.recogniser,
                                 notify: { _ in })
        let console = ConsoleCommands(backend: live)
        #expect(console.execute("agent login 4").text == "agent 4: login")
        #expect(console.execute("agent pause 5 lunch break").text == "error: agent 5 is logged out")
        #expect(console.execute("agent login 9").text == "error: no agent 9 (agents: 4, 5)")
        #expect(console.execute("agent sleep 4").text.hasPrefix("error: usage: agent login|logout|unpause N"))
        let caller = ListeningCaller(expectedSeconds: 60)
        harness.board.placeCall(toPort: 0, from: caller, callerNumber: "5551234")
        harness.step(350)
        caller.press("1")
        harness.step(100)
        let queues = console.execute("show queues").text
        #expect(queues.contains("support       longest-idle        1        0:01     1          0     0"), "\(queues)")
        let agents = console.execute("show agents").text
        #expect(agents.contains("4      ringing for port 1"), "\(agents)")
        #expect(agents.contains("5      logged out"), "\(agents)")
        #expect(console.execute("agent listen 4 from 5").text == "error: agent 4 is not on a call")
        #expect(console.execute("agent whisper 4 to 5").text.hasPrefix("error: usage:"))
        #expect(console.execute("agent pause 4 lunch").text == "agent 4: pause")
        #expect(console.execute("show agents").text.contains("4      paused (lunch)"))
    }
}

/// Callers waiting with music and announcements, offers ringing, a call bridged and
/// ended: no heap allocation on the media thread.
@Suite struct QueueAllocationTests {
    @Test func waitingRingingAndTalkingAllocateNothing() throws {
        MallocInterposerSwift.initialize()
        ThreadAllocationCounter.install()
        let queue = "    agents 4, 5\n    ring 5s\n    announce every 10s\n    wrap-up 2s"
        let harness = try ScenarioHarness(menuSource: QueueTests.menu(queue), ports: 3, phones: 2)
        let agent = AnsweringPhone(answerAfterSeconds: 2, hangUpAfterSeconds: 8)
        let sleeper = AnsweringPhone(answerAfterSeconds: nil)
        harness.board.attach(agent, toPort: 3)
        harness.board.attach(sleeper, toPort: 4)
        harness.appliance.centre.logIn(4)
        harness.appliance.centre.logIn(5)
        let callers = (0..<3).map { _ in ListeningCaller(expectedSeconds: 120) }
        for (port, caller) in callers.enumerated() { harness.board.placeCall(toPort: port, from: caller, callerNumber: "55512\(port)") }
        harness.step(350)
        for caller in callers { caller.press("1") }
        harness.step(50)
        var allocations = 0
        for _ in 0..<2500 {
            allocations += ThreadAllocationCounter.allocations { harness.appliance.engine.processFrame() }
            harness.appliance.drainEvents()
        }
        let kinds = Set(harness.appliance.queueEvents.map(\.kind))
        #expect(kinds.isSuperset(of: [.announced, .offered, .missed, .connected, .completed]), "\(kinds)")
        #expect(allocations == 0, "\(allocations) allocations in 2500 frames")
    }
}

/// Phones scripted in the caller-script language, running with the callers.
@Suite struct PhoneScriptTests {
    @Test func anAgentsScriptLogsInAnswersAndTalksToAScriptedCaller() throws {
        let harness = try ScenarioHarness(menuSource: QueueTests.menu(QueueTests.twoAgents), ports: 3, phones: 2)
        let outcome = try harness.run(["""
            phone 4
            answer
            press *11#
            expect agent-logged-in within 5
            hangup
            expect ring within 30
            answer
            say support
            expect goodbye within 20
            hangup
            """, """
            wait 5                      // arrives once the agent is logged in
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect support within 20
            say goodbye
            expect thank-you within 15
            expect hangup within 10
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        #expect(outcome.transcript.contains { $0.contains("caller 1: rings") }, "\(outcome.report)")
    }

    @Test func scriptsAreCheckedBeforeTheyRun() {
        #expect(throws: ScriptError.self) { try CallerScript.parse(source: "answer\nphone 4", file: "a.call") }
        #expect(throws: ScriptError.self) { try CallerScript.parse(source: "phone 4\ncall 1", file: "b.call") }
        #expect(throws: ScriptError.self) { try CallerScript.parse(source: "phone 4\nexpect ring soon", file: "c.call") }
        let waiting = try? CallerScript.parse(source: "wait 3\nphone 4\nexpect ring within 5\nanswer\nflash", file: "d.call")
        #expect(waiting?.lines.count == 5)
    }
}

/// A queue that keeps a schedule's hours: callers who come after closing, and callers
/// still waiting when it closes, go to `on closed`.
@Suite struct QueueHoursTests {
    @Test func callersAfterClosingAndCallersWaitingAtClosingHearTheClosedHandler() throws {
        let source = QueueTests.menu("""
                agents 4
                ring 20s
                pause after 99 missed
                announce never
                hours office
                on closed: play closed; hangup
            """) + "\nschedule office {\n    timezone \"UTC\"\n    mon-sun 09:00-17:00\n}\n"
        let harness = try ScenarioHarness(menuSource: source, ports: 3, phones: 1,
                                          start: ScenarioHarness.instant("2026-01-05 16:59", "UTC"))
        harness.board.attach(AnsweringPhone(answerAfterSeconds: nil), toPort: 3)
        #expect(harness.appliance.centre.logIn(4))
        let outcome = try harness.run([
            """
            call 1 from 5550001
            expect welcome within 8
            press 1
            expect hold-music within 3
            expect closed within 70
            expect hangup within 10
            """,
            """
            wait 75
            call 2 from 5550002
            expect welcome within 8
            press 1
            expect closed within 3
            expect hangup within 10
            """,
        ])
        #expect(outcome.succeeded, "\(outcome.report)")
        let overflows = harness.appliance.queueEvents.filter { $0.kind == .overflowed }
        #expect(overflows.map(\.reason) == ["closed", "closed"], "\(overflows)")
        #expect(harness.appliance.queueEvents.filter { $0.kind == .offered }.count >= 2, "offers went on until closing time")
    }
}
