import AttendantControl
import AttendantSimulation
import AttendantStore
import Foundation
import Testing

/// "No call without a record" on the simulated board, in virtual time: the row a call's
/// answer opens, the heartbeat while it lasts, and what a shutdown does to calls.
@Suite struct ShutdownTests {
    /// Rings every port and steps until all are answered.
    private func answeredCalls(_ harness: ScenarioHarness, ports: Int) -> [ListeningCaller] {
        let callers = (0..<ports).map { _ in ListeningCaller(expectedSeconds: 120) }
        for (port, caller) in callers.enumerated() {
            harness.board.placeCall(toPort: port, from: caller, callerNumber: "55510\(port)")
        }
        var frames = 0
        while harness.appliance.engine.statistics.callsAnswered < ports, frames < 2000 {
            harness.step()
            frames += 1
        }
        harness.step(50)
        return callers
    }

    private func now(_ harness: ScenarioHarness) -> Date {
        harness.appliance.clock.date(atFrame: harness.appliance.engine.frame)
    }

    @Test func aCallsRowIsOpenedAtAnswerStampedWhileItLastsAndCompletedInPlace() throws {
        let harness = try ScenarioHarness(menuSource: CallFlowTests.menu, ports: 2)
        _ = answeredCalls(harness, ports: 2)
        harness.writer.flush()
        var open = try harness.database.openCalls()
        #expect(open.count == 2, "a row per answered call, before either ends")
        #expect(open.map(\.port) == [1, 2] || open.map(\.port) == [2, 1])
        #expect(open.allSatisfy { $0.callerNumber?.hasPrefix("55510") == true && $0.menuVersion == harness.loaded.program.version })

        harness.step(250)  // 5 s of calls
        harness.writer.flush()
        open = try harness.database.openCalls()
        let lag = open.map { now(harness).timeIntervalSince($0.lastSeenAt) }
        #expect(lag.count == 2 && lag.allSatisfy { $0 >= 0 && $0 <= 1.0 }, "stamped within the last second: \(lag)")

        let ids = Set(open.map(\.callID))
        harness.board.hangUp(port: 0)
        harness.board.hangUp(port: 1)
        harness.step(20)
        let calls = try harness.storedCalls()
        #expect(Set(calls.map(\.callID)) == ids, "the rows the answers opened were completed")
        #expect(try harness.database.callCount() == 2, "and no second row was written")
        #expect(calls.allSatisfy { $0.state == .completed && $0.disposition == .callerHungUp })
        #expect(try harness.database.openCalls().isEmpty)
    }

    @Test func aShuttingDownApplianceAnswersNoMoreAndLetsRingingLinesGo() throws {
        let harness = try ScenarioHarness(menuSource: CallFlowTests.menu, ports: 2)
        harness.appliance.stopAnswering()
        let caller = ListeningCaller()
        harness.board.placeCall(toPort: 0, from: caller, callerNumber: "5551234")
        harness.step(750)  // 15 s: several rings
        #expect(harness.appliance.engine.statistics.callsAnswered == 0)
        #expect(caller.answeredFrame == nil)
        #expect(harness.appliance.callsInProgress == 1, "the line rings")
        #expect(harness.appliance.endCalls(farewell: true) == 1)
        harness.step(2)
        let calls = try harness.storedCalls()
        #expect(calls.count == 1 && calls.first?.disposition == .noAnswer && calls.first?.answeredAt == nil, "\(calls)")
        #expect(harness.appliance.callsInProgress == 0)
    }

    @Test func callsEndedByAShutdownHearGoodbyeWhereverTheyAre() throws {
        let harness = try ScenarioHarness(menuSource: CallFlowTests.menu, ports: 4)
        let callers = answeredCalls(harness, ports: 4)
        #expect(harness.appliance.bridge(2, 3))
        harness.step(5)
        #expect(harness.appliance.engine.isBridged(port: 2))
        let heardBefore = callers.map(\.received.count)

        #expect(harness.appliance.endCalls(farewell: true) == 4)
        var frames = 0
        while harness.appliance.callsInProgress > 0, frames < 500 {
            harness.step()
            frames += 1
        }
        #expect(harness.appliance.callsInProgress == 0)
        let goodbye = harness.durationSeconds(of: "goodbye")
        #expect(Double(frames) * 0.02 >= goodbye, "the calls lasted as long as 'goodbye' (\(frames) frames)")
        for (port, caller) in callers.enumerated() {
            #expect(harness.promptsHeard(in: caller.received, from: heardBefore[port]) == ["goodbye"], "port \(port + 1)")
            #expect(caller.releasedFrame != nil, "port \(port + 1) was released")
        }
        let calls = try harness.storedCalls()
        #expect(calls.count == 4)
        #expect(calls.allSatisfy { $0.disposition == .shutDown && $0.state == .completed }, "\(calls.map(\.disposition))")
    }

    @Test func withoutGoodbyeInTheProgramCallsEndAtOnce() throws {
        let menu = "entry main\nmenu main {\n    play welcome\n    wait 30s\n    on 1: hangup\n}\n"
        let harness = try ScenarioHarness(menuSource: menu, ports: 2)
        _ = answeredCalls(harness, ports: 2)
        #expect(harness.appliance.endCalls(farewell: true) == 2)
        harness.step(2)
        #expect(harness.appliance.callsInProgress == 0)
        #expect(try harness.storedCalls().map(\.disposition) == [.shutDown, .shutDown])
    }

    @Test func callsWhoseEndWasNeverHeardAreRecordedWhenTheApplianceStops() throws {
        let harness = try ScenarioHarness(menuSource: CallFlowTests.menu, ports: 3)
        _ = answeredCalls(harness, ports: 3)
        let stoppedAt = now(harness)
        #expect(harness.appliance.recordUnfinishedCalls() == 3)
        #expect(harness.appliance.recordUnfinishedCalls() == 0)
        let calls = try harness.storedCalls()
        #expect(calls.count == 3 && calls.allSatisfy { $0.disposition == .shutDown && $0.endedAt == stoppedAt })
        #expect(try harness.database.openCalls().isEmpty)
    }
}
