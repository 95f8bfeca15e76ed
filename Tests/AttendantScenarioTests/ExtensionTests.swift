import AttendantBoard
import AttendantControl
import AttendantEngine
import AttendantSimulation
import Testing

/// `extension N`: a caller put through to an office phone on an FXS port of the
/// simulated board. Both parties are judged on the audio they received.
@Suite struct ExtensionTests {
    static let menu = """
        entry main
        menu main {
            play welcome
            wait 10s
            on 0: extension 5; play goodbye; hangup
            on 2: extension 2
            on 7: play sales          // the parties say these to each other
            on 8: play support
        }
        """

    func harness(phone: AnsweringPhone) throws -> ScenarioHarness {
        let harness = try ScenarioHarness(menuSource: Self.menu, ports: 4, phones: 1)
        harness.board.attach(phone, toPort: 4)
        return harness
    }

    @Test func aCallerPutThroughHearsTheAgentAndTheAgentHearsTheCaller() throws {
        var phone: AnsweringPhone!
        let scratch = try ScenarioHarness(menuSource: Self.menu)
        phone = AnsweringPhone(answerAfterSeconds: 4, greeting: scratch.recogniser.samples(named: "support")!,
                               hangUpAfterSeconds: 12)
        let harness = try harness(phone: phone)
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 0
            expect support within 10
            say sales
            expect welcome within 15
            hangup
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        #expect(phone.timesRung == 1)
        let heard = phone.listener.received.withUnsafeBufferPointer {
            harness.recogniser.recognise(in: $0, onsetsIn: 0 ..< $0.count).map(\.name)
        }
        #expect(heard.contains("sales"), "the agent heard: \(heard)")
        #expect(!heard.contains("welcome"), "the agent heard only the caller: \(heard)")
    }

    @Test func anExtensionThatDoesNotAnswerIsNotAvailableAndTheActionGoesOn() throws {
        let phone = AnsweringPhone(answerAfterSeconds: nil)
        let harness = try harness(phone: phone)
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 0
            expect not-available within 25
            expect goodbye within 5
            expect hangup within 5
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        #expect(phone.timesRung == 1 && !phone.isOffHook)
    }

    @Test func anExtensionThatIsNoPhoneIsNotAvailableAtOnce() throws {
        let phone = AnsweringPhone(answerAfterSeconds: 1)
        let harness = try harness(phone: phone)
        let outcome = try harness.run(["""
            call 1 from 5551234
            expect welcome within 8
            press 2
            expect not-available within 2
            expect welcome within 5
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        #expect(phone.timesRung == 0)
    }
}
