import AttendantBoard
import AttendantControl
import AttendantEngine
import AttendantSimulation
import AttendantStore
import AttendantTestSupport
import MallocInterposerSwift
import Testing

/// What agents and supervisors do from their phones once a caller is through: hook
/// flash to consult, transfer or make a 3-way call; listen, whisper and barge. Every
/// party is judged on the audio it received, and the media loop allocates nothing meanwhile.
@Suite struct AgentPhoneTests {
    /// Line 1 is the caller's; extensions 4 (the agent), 5 (a colleague) and 6 (the supervisor).
    final class Office {
        let harness: ScenarioHarness
        let caller = ListeningCaller(expectedSeconds: 120)
        let agent = AnsweringPhone(answerAfterSeconds: 1)
        let colleague = AnsweringPhone(answerAfterSeconds: 2)
        let supervisor = AnsweringPhone(answerAfterSeconds: nil)
        private var actions: [Int64: [() -> Void]] = [:]

        init() throws {
            MallocInterposerSwift.initialize()
            ThreadAllocationCounter.install()
            harness = try ScenarioHarness(menuSource: QueueTests.menu("    agents 4\n    announce never"), ports: 3, phones: 3)
            harness.board.attach(agent, toPort: 3)
            harness.board.attach(colleague, toPort: 4)
            harness.board.attach(supervisor, toPort: 5)
            harness.appliance.centre.logIn(4)
            harness.board.placeCall(toPort: 0, from: caller, callerNumber: "5551234")
            at(seconds: 7) { self.caller.press("1") }  // after the welcome: the queue, then agent 4
        }

        func at(seconds: Double, _ action: @escaping () -> Void) {
            actions[Int64(seconds * 50), default: []].append(action)
        }

        func say(_ prompt: String, by phone: AnsweringPhone, at seconds: Double) {
            let samples = harness.recogniser.samples(named: prompt)!
            at(seconds: seconds) { phone.say(samples) }
        }

        /// Heap allocations on the media thread after the first second (lazily made runtime metadata).
        private(set) var allocations = 0

        func run(seconds: Double) {
            for frame in 0..<Int64(seconds * 50) {
                for action in actions[frame] ?? [] { action() }
                let counted = ThreadAllocationCounter.allocations { harness.appliance.engine.processFrame() }
                if frame >= 50 { allocations += counted }
                harness.appliance.drainEvents()
            }
            #expect(allocations == 0, "the media loop allocated \(allocations) times")
        }

        /// What the caller heard from `seconds` into the run on, by prompt name.
        func callerHeard(after seconds: Double) -> [String] {
            let first = Double(caller.firstReceivedFrame ?? 0) / 50
            return heard(caller.received, from: max(0, Int((seconds - first) * 8000)))
        }

        /// What `audio` holds from sample `start` on, by prompt name.
        func heard(_ audio: [Int16], from start: Int = 0) -> [String] { harness.promptsHeard(in: audio, from: start) }
    }

    /// From the supervisor's phone by star code, or from the console while that phone is off hook.
    @Test(arguments: MonitorMode.allCases, [false, true])
    func aSupervisorListensWhispersOrBarges(_ mode: MonitorMode, fromConsole: Bool) throws {
        let office = try Office()
        let code = switch mode { case .listen: "*214#"; case .whisper: "*224#"; case .barge: "*234#" }
        let centre = office.harness.appliance.centre, engine = office.harness.appliance.engine
        func monitorFromConsole() -> String? {
            centre.monitor(agent: 4, from: 6, mode, isBridged: engine.isBridged(port:), isHearingDialTone: engine.isHearingDialTone(port:))
        }
        office.at(seconds: 10) { office.supervisor.pickUp() }
        if fromConsole {
            office.at(seconds: 9) { #expect(monitorFromConsole()?.hasPrefix("pick up the phone on extension 6") == true) }
            office.at(seconds: 10.5) { #expect(monitorFromConsole() == nil) }
        } else {
            office.at(seconds: 10.5) { office.supervisor.dial(code) }
        }
        office.say("goodbye", by: office.agent, at: 14)
        office.at(seconds: 17) { office.caller.say(office.harness.recogniser.samples(named: "support")!) }
        office.say("queue-hold-time", by: office.supervisor, at: 20)
        office.run(seconds: 26)

        let supervisorHeard = office.heard(office.supervisor.listener.received)
        #expect(supervisorHeard.contains("goodbye") && supervisorHeard.contains("support"), "\(mode): \(supervisorHeard)")
        let agentHeard = office.heard(office.agent.listener.received)
        #expect(agentHeard.contains("support"), "\(mode): \(agentHeard)")
        #expect(agentHeard.contains("queue-hold-time") == (mode != .listen), "\(mode): the agent heard \(agentHeard)")
        let callerHeard = office.callerHeard(after: 9)
        #expect(callerHeard.contains("goodbye"), "\(mode): \(callerHeard)")
        #expect(callerHeard.contains("queue-hold-time") == (mode == .barge), "\(mode): the caller heard \(callerHeard)")
        #expect(office.harness.appliance.queueEvents.contains { $0.kind == .supervised && $0.reason == "\(mode)" })
    }

    @Test func aFlashPutsTheCallerOnHoldAndHangingUpWhileTheColleagueRingsTransfersIt() throws {
        let office = try Office()
        office.at(seconds: 11) { office.agent.flash() }
        office.at(seconds: 13) { office.agent.dial("5#") }
        office.at(seconds: 15) { office.agent.hangUp() }   // blind: the colleague's phone still rings
        office.say("support", by: office.colleague, at: 20)
        office.run(seconds: 26)

        let callerHeard = office.callerHeard(after: 10)
        #expect(callerHeard.first == "hold-music", "on hold, the caller hears the queue's music: \(callerHeard)")
        #expect(callerHeard.contains("support"), "then the colleague: \(callerHeard)")
        #expect(office.colleague.timesRung == 1 && office.colleague.isOffHook)
        #expect(office.harness.appliance.queueEvents.contains { $0.kind == .transferred && $0.agent == 5 })
    }

    @Test func consultingThenAFlashMakesAThreeWayCallAndHangingUpLeavesTheOtherTwo() throws {
        let office = try Office()
        office.at(seconds: 11) { office.agent.flash() }
        office.at(seconds: 12) { office.agent.dial("5#") }
        office.say("goodbye", by: office.colleague, at: 17)   // the consultation: the caller must not hear it
        office.at(seconds: 19) { office.agent.flash() }        // all three
        office.at(seconds: 21) { office.caller.say(office.harness.recogniser.samples(named: "support")!) }
        office.at(seconds: 25) { office.agent.hangUp() }       // the caller and the colleague go on
        office.say("queue-hold-time", by: office.colleague, at: 28)
        office.run(seconds: 33)

        let callerHeard = office.callerHeard(after: 10)
        #expect(!callerHeard.contains("goodbye"), "the consultation was private: \(callerHeard)")
        #expect(callerHeard.contains("queue-hold-time"), "the caller and the colleague talk on: \(callerHeard)")
        let agentHeard = office.heard(office.agent.listener.received)
        #expect(agentHeard.contains("goodbye") && agentHeard.contains("support"), "\(agentHeard)")
        let colleagueHeard = office.heard(office.colleague.listener.received)
        #expect(colleagueHeard.contains("support"), "the 3-way call: \(colleagueHeard)")
    }

    @Test func aSecondFlashBeforeDiallingBringsTheAgentBackToTheCaller() throws {
        let office = try Office()
        office.at(seconds: 11) { office.agent.flash() }
        office.at(seconds: 13) { office.agent.flash() }
        office.say("goodbye", by: office.agent, at: 15)
        office.run(seconds: 19)
        let callerHeard = office.callerHeard(after: 10)
        #expect(callerHeard == ["hold-music", "goodbye"], "\(callerHeard)")
        #expect(office.colleague.timesRung == 0)
    }
}

/// An agent transfers a caller to another queue: flash, the queue's number, hang up.
@Suite struct QueueTransferTests {
    @Test func aFlashAndAQueueNumberPutTheCallerInThatQueueForItsAgent() throws {
        let source = QueueTests.menu("    agents 4\n    announce never")
            + "\nqueue billing {\n    agents 5\n    number 600\n    announce never\n}\n"
        let harness = try ScenarioHarness(menuSource: source, ports: 3, phones: 2)
        let outcome = try harness.run([
            """
            call 1 from 5550001
            expect welcome within 8
            press 1
            expect support within 20
            expect hold-music within 10
            expect goodbye within 60
            say support
            expect thank-you within 30
            """,
            """
            phone 4
            answer
            press *11#
            expect agent-logged-in within 5
            hangup
            expect ring within 30
            expect caller-id 5550001 within 6
            answer
            say support
            wait 2
            flash
            wait 1
            press 600
            wait 8
            hangup
            wait 2
            """,
            """
            phone 5
            answer
            press *11#
            expect agent-logged-in within 5
            hangup
            expect ring within 60
            expect caller-id 5550001 within 6
            answer
            say goodbye
            expect support within 10
            hangup
            """,
        ])
        #expect(outcome.succeeded, "\(outcome.report)")
        let events = harness.appliance.queueEvents.filter { $0.kind != .loggedIn }
        let summary = events.map { "\($0.kind) \($0.queue ?? "-") \($0.agent.map(String.init) ?? "-")" }
        #expect(summary == ["entered support -", "offered support 4", "connected support 4",
                            "transferred support 4", "completed support 4", "entered billing -",
                            "offered billing 5", "connected billing 5", "completed billing 5"], "\(summary)")
    }
}
