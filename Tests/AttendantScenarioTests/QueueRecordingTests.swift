import AttendantControl
import AttendantPrompts
import AttendantRecorder
import AttendantSimulation
import AttendantStore
import Foundation
import Testing

/// A queue's `record always announce PROMPT`: the caller hears the announcement on
/// joining, and the conversation with the agent is recorded, caller left, agent right.
@Suite(.serialized) struct QueueRecordingTests {
    @Test func aRecordedQueueAnnouncesAndRecordsCallerLeftAgentRight() throws {
        let queue = """
                agents 4
                ring 6s
                announce never
                record always announce call-recorded
            """
        let agent = AnsweringPhone(answerAfterSeconds: 3, greeting: try QueueTests().greeting("support"), hangUpAfterSeconds: 12)
        let harness = try QueueTests().harness(queue, phones: [agent, AnsweringPhone(answerAfterSeconds: nil)], loggedIn: [4])
        let folder = NSTemporaryDirectory() + "attendant-queue-rec-\(UUID().uuidString)"
        let writer = harness.writer
        let recorder = Recorder(tap: harness.appliance.engine.recordingTap,
                                settings: RecorderSettings(directory: folder, minFreeBytes: 0), finished: { writer.submit($0) })
        harness.appliance.recorder = recorder
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect call-recorded within 2
            expect support within 10
            wait 3
            say goodbye
            expect thank-you within 20
            expect hangup within 10
            """], beforeFrame: { frame in if frame % 10 == 0 { recorder.pump() } })
        #expect(outcome.succeeded, "\(outcome.report)")
        recorder.stop()
        writer.flush()
        let rows = try harness.database.recordings()
        #expect(rows.count == 1, "\(rows)")
        let row = try #require(rows.first)
        #expect(row.reason == "queue support" && row.otherParty == "agent 4" && row.caller == "5551234", "\(row)")
        #expect(row.state == .complete)
        let audio = try RecordingReader.read(path: row.path, format: RecordingFormat(name: row.format)!)
        // The agent speaks as it picks up, a frame before the bridge's event reaches the
        // control side that starts the recording: judge from 100 ms into each recording.
        let goodbye = Array(try QueueTests().greeting("goodbye").dropFirst(800))
        let support = Array(try QueueTests().greeting("support").dropFirst(800))
        let left = (RecordingScenarioTests.bestMatch(of: goodbye, in: audio.channels[0]),
                    RecordingScenarioTests.bestMatch(of: support, in: audio.channels[0]))
        let right = (RecordingScenarioTests.bestMatch(of: goodbye, in: audio.channels[1]),
                     RecordingScenarioTests.bestMatch(of: support, in: audio.channels[1]))
        // Each party's words on its own channel; on the other only as a weak echo, or not at all.
        #expect(left.0.correlation > 0.8 && (right.0.correlation < 0.6 || left.0.gain > 3 * right.0.gain),
                "the caller's 'goodbye': left \(left.0), right \(right.0)")
        #expect(right.1.correlation > 0.8 && (left.1.correlation < 0.6 || right.1.gain > 3 * left.1.gain),
                "the agent's 'support': right \(right.1), left \(left.1)")
        // Recording starts at the bridge: the hold music before it is not in the file.
        #expect(!harness.promptsHeard(in: audio.channels[1]).contains("hold-music"))
    }

    @Test func anAnnouncementWithoutRecordingAndAnUnknownPolicyAreErrorsWithTheirPlace() throws {
        let source = QueueTests.menu("""
                agents 4
                record never announce call-recorded
            """)
        let catalogue = try MenuLoader.loadCatalogue(Repository.catalogue)
        do {
            _ = try MenuLoader.compile(source: source, file: "q.menu", catalogue: catalogue)
            Issue.record("compiled")
        } catch {
            #expect("\(error)".contains("q.menu:12:27: error: queue 'support' records no call: 'announce' needs 'record always'"), "\(error)")
        }
        do {
            _ = try MenuLoader.compile(source: QueueTests.menu("    agents 4\n    record sometimes"), file: "q.menu", catalogue: catalogue)
            Issue.record("compiled")
        } catch {
            #expect("\(error)".contains("q.menu:12:12: error: expected 'always' or 'never' after 'record', found 'sometimes'"), "\(error)")
        }
    }
}
