import AttendantStore
import Foundation
import Testing

/// Whole calls on the simulated board: real DTMF in, real prompt audio out, judged by
/// what the caller heard and what landed in the database.
@Suite struct CallFlowTests {
    static let menu = """
        entry main
        menu main {
            play welcome, main-options
            wait 4s
            attempts 3
            on 1: goto sales
            on 2: goto support
            on 9: play goodbye; hangup
            on invalid: play invalid-option; repeat
            on timeout: play are-you-still-there; repeat
            on failure: play goodbye; hangup
        }
        menu sales {
            play sales
            on #: back
            on 0: play goodbye; hangup
        }
        menu support {
            play support
            on #: back
        }
        """

    @Test func callerWalksTheMenuAndTheCallIsRecorded() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu)
        let outcome = try harness.run(["""
            call 2 from 5551234
            expect welcome within 8
            expect main-options
            press 1
            expect sales within 3
            press #
            expect welcome within 3
            press 2
            expect support within 3
            hangup
            """])
        #expect(outcome.succeeded, "\(outcome.report)")

        let calls = try harness.storedCalls()
        try #require(calls.count == 1)
        let call = calls[0]
        #expect(call.port == 2)
        #expect(call.callerNumber == "5551234", "caller ID heard as FSK between the rings")
        #expect(call.menuPath == ["main", "sales", "main", "support"])
        #expect(call.keys == "1#2")
        #expect(call.disposition == .callerHungUp)
        #expect(call.menuVersion == harness.loaded.program.version)
        let answered = try #require(call.answeredAt)
        #expect(call.ringAt <= answered && answered < call.endedAt)
        #expect(abs(call.durationSeconds - call.endedAt.timeIntervalSince(answered)) < 0.001)
        // The call began at the simulation's epoch, within the first ring.
        #expect(call.ringAt.timeIntervalSince(ScenarioHarness.epoch) < 0.1)
    }

    @Test func goodbyeKeyPlaysThePromptThenTheApplianceHangsUp() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu)
        let outcome = try harness.run(["""
            call 1
            expect main-options within 10
            press 9
            expect goodbye within 2
            expect hangup within 10
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        let call = try #require(try harness.storedCalls().first)
        #expect(call.callerNumber == nil, "no caller ID was sent")
        #expect(call.disposition == .menuHungUp)
        #expect(call.keys == "9")
        #expect(call.menuPath == ["main"])
    }

    @Test func invalidKeysAndTimeoutsFollowTheRetryLimitAndFinalAction() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu)
        let outcome = try harness.run(["""
            call 1
            expect main-options within 10
            press 7
            expect invalid-option within 2
            expect welcome within 5
            expect main-options within 5
            expect are-you-still-there within 10
            expect welcome
            expect main-options
            press 5
            expect goodbye within 2
            expect hangup within 10
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        let call = try #require(try harness.storedCalls().first)
        #expect(call.keys == "75")
        #expect(call.disposition == .menuHungUp)
    }

    @Test func aFailedExpectationSaysWhatWasHeard() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu)
        let outcome = try harness.run(["""
            call 1
            expect welcome within 8
            press 2
            expect sales within 4
            """])
        #expect(!outcome.succeeded)
        let failure = try #require(outcome.failures.first)
        #expect(failure.location.line == 4)
        #expect(failure.message.hasPrefix("expected 'sales' within 4 s; heard support (at "), "\(failure)")
    }

    @Test func callerWhoHangsUpWhileRingingIsNotAnswered() throws {
        // Answer only on the third ring: the caller gives up after the first.
        let harness = try ScenarioHarness(menuSource: Self.menu, settings: .init(answerAfterRings: 3))
        let outcome = try harness.run(["""
            call 3
            wait 3
            hangup
            expect silence 1
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        harness.step(500)
        let call = try #require(try harness.storedCalls().first)
        #expect(call.disposition == .noAnswer)
        #expect(call.answeredAt == nil)
        #expect(call.durationSeconds == 0)
    }
}

/// `back` after a path deeper than the back stack still returns to the menu the caller
/// just came from (the oldest entries are the ones forgotten).
@Suite struct DeepBackTests {
    @Test func backAfterFortyMenusReturnsToTheLastOne() throws {
        var menus = "entry m0\n"
        for index in 0..<40 {
            let prompt = index == 39 ? "sales" : "welcome"
            menus += "menu m\(index) {\n    play \(prompt)\n    on 1: goto m\(index + 1)\n    on #: back\n}\n"
        }
        menus += "menu m40 {\n    play support\n    on #: back\n}\n"
        let harness = try ScenarioHarness(menuSource: menus)
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 1111111111111111111111111111111111111111 tone 60 gap 60
            expect support within 10
            press #
            expect sales within 5
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
    }
}
