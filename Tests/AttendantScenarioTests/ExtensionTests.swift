import AttendantBoard
import AttendantControl
import AttendantDSP
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
        let heard = harness.promptsHeard(in: phone.listener.received)
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

/// Internal calls: an office phone lifted hears dial tone, dials another phone's
/// extension, hears it ring and talks to whoever answers.
@Suite struct InternalCallTests {
    static let menu = """
        entry main
        menu main {
            play welcome
            on 7: play sales
            on 8: play support
        }
        """

    @Test func onePhoneDialsAnotherAndTheyTalk() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu, ports: 1, phones: 2)
        let support = harness.recogniser.samples(named: "support")!
        let sales = harness.recogniser.samples(named: "sales")!
        let desk = AnsweringPhone(answerAfterSeconds: nil)
        let colleague = AnsweringPhone(answerAfterSeconds: 2, greeting: support)
        harness.board.attach(desk, toPort: 1)
        harness.board.attach(colleague, toPort: 2)
        desk.pickUp()
        harness.step(100)
        #expect(Self.tone(in: desk, from: 0) == .dialTone, "a lifted handset hears dial tone")
        desk.dial("3#")                     // extension 3: board port 3, the colleague
        harness.step(150)
        #expect(colleague.timesRung == 1)
        harness.step(200)                   // picked up after 2 s, says "support"
        desk.say(sales)
        harness.step(250)
        let views = harness.appliance.tracker.channelViews
        #expect(views[1].state == .bridged && views[2].state == .bridged, "\(views)")
        let leftAt = colleague.listener.received.count
        desk.hangUp()
        // A hang-up is known once the hook has been down longer than a flash (0.8 s).
        harness.step(140)
        #expect(Self.tone(in: colleague, from: leftAt) == .busy, "the colleague left alone hears busy")
        colleague.hangUp()
        harness.step(45)
        #expect(harness.appliance.tracker.channelViews[1 ... 2].allSatisfy { $0.state == .idle })

        func heard(_ phone: AnsweringPhone) -> [String] { harness.promptsHeard(in: phone.listener.received) }
        #expect(heard(desk).contains("support"), "the desk heard: \(heard(desk))")
        #expect(heard(colleague).contains("sales"), "the colleague heard: \(heard(colleague))")
    }

    @Test func dialingAPortThatIsNoPhoneGivesBusy() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu, ports: 1, phones: 1)
        let desk = AnsweringPhone(answerAfterSeconds: nil)
        harness.board.attach(desk, toPort: 1)
        desk.pickUp()
        harness.step(20)
        desk.dial("1#")                     // port 1 is a line to the exchange, not a phone
        harness.step(20)
        let dialled = desk.listener.received.count
        harness.step(250)
        #expect(Self.tone(in: desk, from: dialled) == .busy, "\(harness.appliance.tracker.channelViews)")
    }

    /// The exchange tone a phone hears in its received audio from `start` on.
    static func tone(in phone: AnsweringPhone, from start: Int) -> CallProgressTone? {
        let detector = CallProgressDetector(plan: .northAmerica)
        let received = phone.listener.received
        var offset = start
        while offset + AudioFormat.samplesPerFrame <= received.count, detector.heardTone == nil {
            received[offset ..< offset + AudioFormat.samplesPerFrame].withUnsafeBufferPointer { detector.process($0) }
            offset += AudioFormat.samplesPerFrame
        }
        return detector.heardTone
    }
}
