import AttendantControl
import AttendantEngine
import AttendantStore
import Foundation
import Testing

/// The tracker alone, fed engine events by hand: which rows of `calls` they open,
/// move on and complete.
@Suite struct CallTrackerRecordTests {
    private static let epoch = Date(timeIntervalSince1970: 1_767_258_000)

    private func tracker() throws -> (CallTracker, ExecutableProgram) {
        let harness = try ScenarioHarness(menuSource: CallFlowTests.menu, ports: 2)
        let program = harness.appliance.currentProgram
        return (CallTracker(portCount: 2, clock: FrameClock(epoch: Self.epoch), programs: [program]), program)
    }

    private func date(_ frame: Int64) -> Date { FrameClock(epoch: Self.epoch).date(atFrame: frame) }

    @Test func answerOpensARowAndTheEndCompletesTheSameCall() throws {
        let (tracker, program) = try tracker()
        #expect(tracker.handle(.ringing(port: 1, frame: 10)) == nil)
        #expect(tracker.handle(.callerID(port: 1, number: KeyString("5551234")!, frame: 40)) == nil)
        guard case .opened(let open) = tracker.handle(.answered(port: 1, frame: 300, programVersion: program.version)) else {
            Issue.record("an answer opens a row")
            return
        }
        #expect(open.port == 2 && open.callerNumber == "5551234" && open.menuVersion == program.version)
        #expect(open.ringAt == date(10) && open.answeredAt == date(300) && open.lastSeenAt == date(300))
        #expect(tracker.hasAnsweredCalls && tracker.portsWithCalls == [1])

        guard case .finished(let record) = tracker.handle(.ended(port: 1, reason: .shutDown, frame: 800)) else {
            Issue.record("the end completes it")
            return
        }
        #expect(record.callID == open.callID && record.disposition == .shutDown && record.state == .completed)
        #expect(record.endedAt == date(800) && abs(record.durationSeconds - 10) < 0.001)
        #expect(!tracker.hasAnsweredCalls && tracker.portsWithCalls.isEmpty)
    }

    @Test func aRingingCallOpensNoRowButIsInProgress() throws {
        let (tracker, _) = try tracker()
        _ = tracker.handle(.ringing(port: 0, frame: 1))
        #expect(!tracker.hasAnsweredCalls && tracker.portsWithCalls == [0])
        #expect(tracker.unsavedProgress.isEmpty)
        guard case .finished(let record) = tracker.handle(.ended(port: 0, reason: .notAnswered, frame: 500)) else {
            Issue.record("a call never answered is recorded when it ends")
            return
        }
        #expect(record.answeredAt == nil && record.disposition == .noAnswer)
    }

    @Test func progressIsOfferedUntilAHeartbeatTakesIt() throws {
        let (tracker, program) = try tracker()
        for port in 0..<2 {
            _ = tracker.handle(.ringing(port: port, frame: 1))
            _ = tracker.handle(.answered(port: port, frame: 300, programVersion: program.version))
            _ = tracker.handle(.menuEntered(port: port, menu: 0, frame: 300))
        }
        #expect(tracker.unsavedProgress.map(\.menuPath) == [["main"], ["main"]])
        tracker.progressSaved()
        #expect(tracker.unsavedProgress.isEmpty, "nothing moved since")
        _ = tracker.handle(.keyPressed(port: 1, key: UInt8(ascii: "1"), frame: 400))
        _ = tracker.handle(.menuEntered(port: 1, menu: 1, frame: 401))
        let progress = tracker.unsavedProgress
        #expect(progress.count == 1 && progress.first?.menuPath == ["main", "sales"] && progress.first?.keys == "1")
        #expect(progress.first?.callID == tracker.callID(onPort: 1))
    }
}
