import AttendantBoard
import AttendantDSP
import AttendantEngine
import AttendantSimulation
import Foundation
import Testing

/// A caller hangs up on a line that gives no loop-current drop: the exchange plays busy
/// tone, and the engine must notice from the audio and end the call.
@Suite struct BusyToneTests {
    @Test(arguments: TonePlan.allCases)
    func busyToneEndsTheCallWithinTwoSeconds(plan: TonePlan) throws {
        let harness = try ScenarioHarness(menuSource: CallFlowTests.menu,
                                          disconnect: .busyTone(plan), settings: EngineSettings(tonePlan: plan))
        let caller = ListeningCaller()
        harness.board.placeCall(toPort: 0, from: caller, callerNumber: nil)
        harness.step(400)  // answered at 6 s, welcome and the menu's options playing
        #expect(harness.appliance.engine.activeCalls == 1)
        let hangUpFrame = harness.appliance.engine.frame
        harness.board.hangUp(port: 0)
        harness.step(150)

        let call = try #require(try harness.storedCalls().first)
        #expect(call.disposition == .farEndHungUp)
        let hungUpAt = ScenarioHarness.epoch.addingTimeInterval(Double(hangUpFrame) * 0.02)
        let noticed = call.endedAt.timeIntervalSince(hungUpAt)
        #expect(noticed > 0 && noticed <= 2.0, "noticed \(noticed) s after the caller hung up")
        #expect(!harness.board.isLineBusy(port: 0), "the port released the line")
    }

    @Test func promptsAndSpeechDoNotSoundLikeBusyTone() throws {
        // A long call with loop-current signalling: the prompts' echo must never end it.
        let harness = try ScenarioHarness(menuSource: CallFlowTests.menu)
        let caller = ListeningCaller()
        harness.board.placeCall(toPort: 0, from: caller, callerNumber: nil)
        for step in 0..<3000 {
            if step > 400, step % 600 == 0 { caller.press("2") }
            if step > 400, step % 600 == 300 { caller.press("#") }
            harness.step()
        }
        #expect(try harness.storedCalls().allSatisfy { $0.disposition != .farEndHungUp })
    }
}
