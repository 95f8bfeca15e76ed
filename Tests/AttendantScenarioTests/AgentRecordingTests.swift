import AttendantControl
import AttendantPrompts
import AttendantRecorder
import AttendantSimulation
import AttendantStore
import AttendantTestSupport
import Foundation
import MallocInterposerSwift
import Testing

/// Per-agent recording: `*1` on the agent's phone during a call starts and stops a
/// recording (the agent hears beeps); `agent N record always|never` overrides it.
@Suite(.serialized) struct AgentRecordingTests {
    static func menu(agents: String, queueRecords: Bool = false) -> String {
        """
        entry main
        menu main {
            play welcome
            wait 10s
            on 1: queue support; play thank-you; hangup
            on 2: extension 5; play thank-you; hangup
            on 7: play goodbye        // the parties say these to each other
            on 8: play support
        }
        queue support {
            agents 4
            ring 6s
            announce never
            record \(queueRecords ? "always" : "never")
        }
        \(agents)
        """
    }

    /// A harness with two office phones (extensions 4 and 5) and a recorder.
    func harness(_ source: String) throws -> (ScenarioHarness, Recorder) {
        let harness = try ScenarioHarness(menuSource: source, ports: 3, phones: 2)
        return (harness, recorder(for: harness))
    }

    /// A recorder into a new folder whose rows go to the harness's database.
    func recorder(for harness: ScenarioHarness) -> Recorder {
        let folder = NSTemporaryDirectory() + "attendant-agent-rec-\(UUID().uuidString)"
        let writer = harness.writer
        let recorder = Recorder(tap: harness.appliance.engine.recordingTap,
                                settings: RecorderSettings(directory: folder, minFreeBytes: 0), finished: { writer.submit($0) })
        harness.appliance.recorder = recorder
        return recorder
    }

    @Test func starOneStartsAndStopsARecordingAndTheAgentHearsBeeps() throws {
        let (harness, recorder) = try harness(Self.menu(agents: ""))
        let outcome = try harness.run([
            """
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect support within 30
            wait 4
            say goodbye
            expect thank-you within 30
            expect hangup within 10
            """,
            """
            phone 4
            answer
            press *11#
            expect agent-logged-in within 5
            hangup
            expect ring within 30
            answer
            wait 1
            say support
            press *1
            expect recording-tone started
            wait 5
            press *1
            expect recording-tone stopped
            wait 1
            hangup
            """,
        ], beforeFrame: { frame in if frame % 10 == 0 { recorder.pump() } })
        #expect(outcome.succeeded, "\(outcome.report)")
        recorder.stop()
        harness.writer.flush()
        let rows = try harness.database.recordings()
        #expect(rows.count == 1, "\(rows)")
        let row = try #require(rows.first)
        #expect(row.reason == "agent 4 on demand" && row.otherParty == "agent 4" && row.caller == "5551234", "\(row)")
        #expect(row.kind == .agent && row.state == .complete)
        // From the first *1 to the second: the beep's judging (0.8 s), 5 s, two keys.
        #expect(row.durationSeconds > 5 && row.durationSeconds < 7.5, "\(row.durationSeconds) s")
        let audio = try RecordingReader.read(path: row.path, format: RecordingFormat(name: row.format)!)
        let goodbye = try #require(harness.recogniser.samples(named: "goodbye"))
        let left = RecordingScenarioTests.bestMatch(of: goodbye, in: audio.channels[0])
        #expect(left.correlation > 0.8, "the caller's 'goodbye', said while recorded: \(left)")
        // The agent's 'support' came before the *1: not in the file.
        let support = try #require(harness.recogniser.samples(named: "support"))
        #expect(RecordingScenarioTests.bestMatch(of: support, in: audio.channels[1]).correlation < 0.6)
    }

    @Test func anAgentNeverRecordedIsNotRecordedByItsQueueNorByStarOne() throws {
        let (harness, recorder) = try harness(Self.menu(agents: "agent 4 record never\nagent 5 record always", queueRecords: true))
        let outcome = try harness.run([
            """
            call 1 from 5551111
            expect welcome within 8
            press 1
            expect support within 30
            expect thank-you within 30
            expect hangup within 10
            """,
            """
            phone 4
            answer
            press *11#
            expect agent-logged-in within 5
            hangup
            expect ring within 30
            answer
            say support
            press *1
            expect recording-tone refused
            hangup
            """,
            """
            wait 30
            call 2 from 5552222
            expect welcome within 8
            press 2
            expect support within 30
            say goodbye
            expect welcome within 10     // the phone was put down: back to the menu
            hangup
            """,
            """
            phone 5
            expect ring within 60
            answer
            say support
            wait 3
            hangup
            """,
        ], beforeFrame: { frame in if frame % 10 == 0 { recorder.pump() } })
        #expect(outcome.succeeded, "\(outcome.report)")
        recorder.stop()
        harness.writer.flush()
        let rows = try harness.database.recordings()
        #expect(rows.count == 1, "only agent 5's call: \(rows)")
        let row = try #require(rows.first)
        #expect(row.reason == "agent 5" && row.otherParty == "agent 5" && row.caller == "5552222" && row.kind == .agent, "\(row)")
        let audio = try RecordingReader.read(path: row.path, format: RecordingFormat(name: row.format)!)
        let goodbye = try #require(harness.recogniser.samples(named: "goodbye"))
        #expect(RecordingScenarioTests.bestMatch(of: goodbye, in: audio.channels[0]).correlation > 0.8)
        // The console cannot record agent 4 either: nothing is in a call now, so ask the policy.
        #expect(harness.appliance.recordingPolicy(ofAgent: 4) == .never)
        #expect(harness.appliance.centre.agentViews.map(\.recording) == [.never, .always], "what 'show agents' shows")
    }

    @Test func aFollowMeAgentRecordsWithStarOneFromTheirMobile() throws {
        let harness = try ScenarioHarness(menuSource: OutgoingCallTests.menu(queue: """
                agents 9
                announce never
            """, agents: "agent 9 mobile 5559876"), ports: 3)
        let recorder = recorder(for: harness)
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
            expect agent-accept within 10
            press 1
            wait 1
            press *1
            expect recording-tone started
            say goodbye
            expect support within 15
            wait 2
            hangup
            """,
        ], beforeFrame: { frame in if frame % 10 == 0 { recorder.pump() } })
        #expect(outcome.succeeded, "\(outcome.report)")
        recorder.stop()
        harness.writer.flush()
        let row = try #require(try harness.database.recordings().first)
        #expect(row.reason == "agent 9 on demand" && row.otherParty == "agent 9" && row.caller == "5550001", "\(row)")
        let audio = try RecordingReader.read(path: row.path, format: RecordingFormat(name: row.format)!)
        let support = try #require(harness.recogniser.samples(named: "support"))
        #expect(RecordingScenarioTests.bestMatch(of: support, in: audio.channels[0]).correlation > 0.8, "the caller's 'support'")
    }

    @Test func anAgentsPolicyIsCheckedWithItsPlace() throws {
        let catalogue = try MenuLoader.loadCatalogue(Repository.catalogue)
        for (agents, message) in [
            ("agent 4 record sometimes", "test.menu:16:16: error: expected 'always', 'on-demand' or 'never' after 'record', found 'sometimes'"),
            ("agent 4 record always skills billing 5 record never", "test.menu:16:40: error: 'record' is given twice for agent 4"),
        ] {
            do {
                _ = try MenuLoader.compile(source: Self.menu(agents: agents), file: "test.menu", catalogue: catalogue)
                Issue.record("compiled: \(agents)")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
        }
        let loaded = try MenuLoader.compile(source: Self.menu(agents: "agent 4 skills billing 5 record always\nagent 5 mobile 555"),
                                            file: "test.menu", catalogue: catalogue)
        #expect(loaded.program.agents.map(\.recording) == [.always, .onDemand])
    }

    /// The agent's keys heard in a call and the beeps laid over it cost the media thread nothing.
    @Test func starOneAndItsBeepsAllocateNothingOnTheMediaThread() throws {
        MallocInterposerSwift.initialize()
        ThreadAllocationCounter.install()
        let (harness, recorder) = try harness(Self.menu(agents: ""))
        let phone = AnsweringPhone(answerAfterSeconds: 2, hangUpAfterSeconds: 20)
        harness.board.attach(phone, toPort: 4)
        let caller = ListeningCaller(expectedSeconds: 60)
        harness.board.placeCall(toPort: 0, from: caller, callerNumber: "5551234")
        harness.step(400)
        caller.press("2")
        var allocations = 0
        var bridgedAt: Int?
        for frame in 0..<800 {
            if bridgedAt == nil, harness.appliance.tracker.channelViews[4].state == .bridged { bridgedAt = frame }
            if let bridgedAt, frame == bridgedAt + 50 || frame == bridgedAt + 300 { phone.listener.press("*1") }
            allocations += ThreadAllocationCounter.allocations { harness.appliance.engine.processFrame() }
            harness.appliance.drainEvents()
            if frame % 10 == 0 { recorder.pump() }
        }
        recorder.stop()
        #expect(bridgedAt != nil, "the phone answered and was connected")
        #expect(recorder.statistics.recordingsStarted == 1 && recorder.statistics.recordingsCompleted == 1,
                "*1 started a recording and *1 stopped it: \(recorder.statistics)")
        #expect(allocations == 0, "\(allocations) allocations in 800 frames")
    }
}
