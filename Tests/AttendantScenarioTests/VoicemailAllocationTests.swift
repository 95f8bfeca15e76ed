import AttendantRecorder
import AttendantSecurity
import AttendantSimulation
import AttendantTestSupport
import Foundation
import MallocInterposerSwift
import Testing

/// Voicemail costs the media loop no heap allocation, from the first time each path
/// runs: six callers leave messages at once (greeting, tone, recording through the tap,
/// silence detection), the owner's phone gets the visual indicator and stutter dial
/// tone, and a seventh caller keys the PIN and hears, replays, deletes and skips messages
/// and an envelope said from the word clips.
@Suite(.serialized) struct VoicemailAllocationTests {
    init() {
        MallocInterposerSwift.initialize()
        ThreadAllocationCounter.install()
    }

    static let menu = """
        entry main
        mailbox 200 {
            owner 9
            silence 2s
        }
        menu main {
            play welcome
            wait 60s
            on 1: voicemail 200; hangup
            on 2: check-voicemail 200; hangup
            on 3: play sales
        }
        """

    @Test func voicemailCostsTheMediaLoopNoHeapAllocations() throws {
        let lines = 8
        let harness = try ScenarioHarness(menuSource: Self.menu, ports: lines, phones: 1)
        let folder = NSTemporaryDirectory() + "attendant-alloc-vm-\(UUID().uuidString)"
        let writer = harness.writer
        let recorder = Recorder(tap: harness.appliance.engine.recordingTap,
                                settings: RecorderSettings(directory: folder, minFreeBytes: 0), finished: { writer.submit($0) })
        harness.appliance.recorder = recorder
        harness.appliance.voicemail.pinCost = SecretHash.Cost(memoryKiB: 64, iterations: 1)
        #expect(try harness.appliance.voicemail.setPIN("4711", box: "200") == nil)
        let phone = AnsweringPhone(answerAfterSeconds: nil)
        harness.board.attach(phone, toPort: lines)
        let callers = (0..<lines).map { _ in ListeningCaller(expectedSeconds: 120) }
        for (port, caller) in callers.enumerated() {
            harness.board.placeCall(toPort: port, from: caller, callerNumber: "5551\(port)")
        }
        let sales = harness.loaded.prompts.samples(of: harness.promptID("sales")!).map { $0 }
        let owner = callers[6]
        var allocations = 0
        for frame in 0..<3400 {
            switch frame {
            case 320: for caller in callers[0..<6] { caller.press("1") }
            case 950: for caller in callers[0..<6] { caller.say(sales) }
            case 1400: owner.press("2")
            case 1450: phone.pickUp()
            case 1550: phone.hangUp()
            case 1650: owner.press("4711#")
            case 2000: owner.press("5")
            case 2200: owner.press("7")
            case 2400: owner.press("6")
            case 2600: owner.press("3")
            case 3000: owner.press("#")
            default: break
            }
            let counted = ThreadAllocationCounter.allocations { harness.appliance.engine.processFrame() }
            if frame >= 300 { allocations += counted }  // everything voicemail does, from its first time
            harness.appliance.drainEvents()
            recorder.pump()
        }
        recorder.stop()
        harness.writer.flush()
        let rows = try harness.database.voicemailMessages(box: "200")
        #expect(recorder.statistics.recordingsStarted == 6, "\(recorder.statistics)")
        #expect(rows.count == 5, "six left, one deleted: \(rows.map(\.path))")
        #expect(rows.allSatisfy { $0.durationSeconds > 2 }, "\(rows.map(\.durationSeconds))")
        #expect(rows.filter { $0.folder == .old }.count >= 1, "\(rows.map(\.folder))")
        #expect(allocations == 0, "\(allocations) heap allocations in the media loop while voicemail ran")
    }
}
