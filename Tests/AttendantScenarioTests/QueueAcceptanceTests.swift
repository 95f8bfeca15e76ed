import AttendantBoard
import AttendantControl
import AttendantDSP
import AttendantEngine
import AttendantMenu
import AttendantSimulation
import AttendantStore
import Foundation
import Testing

/// An agent's desk phone for long runs: answers each offer after 1-4 s, talks for a
/// random while, hangs up; notices if it is ever rung while already ringing or in use.
final class DeskPhone: OfficePhone {
    private var generator: SeededGenerator
    private var ringingSince: Int64?
    private var answerAfter: Int64 = 0
    private var hangUpAt: Int64?
    private(set) var isOffHook = false
    private(set) var calls = 0
    /// Times the phone was rung while it already rang or was off hook.
    private(set) var doubleOffers = 0
    private let talkSeconds: ClosedRange<Double>

    init(seed: UInt64, talkSeconds: ClosedRange<Double>) {
        generator = SeededGenerator(seed: seed)
        self.talkSeconds = talkSeconds
    }

    func ringing(_ on: Bool, frame: Int64) {
        if on {
            if ringingSince != nil || isOffHook { doubleOffers += 1 }
            ringingSince = frame
            answerAfter = Int64(Double.random(in: 1...4, using: &generator) * 50)
        } else {
            ringingSince = nil
        }
    }

    func advance(frame: Int64) {
        if let since = ringingSince, !isOffHook, frame - since >= answerAfter {
            isOffHook = true
            calls += 1
            hangUpAt = frame + Int64(Double.random(in: talkSeconds, using: &generator) * 50)
        }
        if let hangUpAt, frame >= hangUpAt {
            isOffHook = false
            self.hangUpAt = nil
        }
    }

    func send(into audio: UnsafeMutableBufferPointer<Int16>, frame: Int64) { audio.update(repeating: 0) }
    func receive(_ audio: UnsafeBufferPointer<Int16>, frame: Int64) {}
    func answered(frame: Int64) {}
    func released(frame: Int64) {}
}

/// The acceptance run: 5 agents, 200 callers arriving at random over a
/// simulated hour, on the simulated board, every party real audio and real DTMF.
@Suite struct QueueAcceptanceTests {
    static let menu = """
        entry main
        menu main {
            play welcome
            wait 10s
            on 1: queue support; play thank-you; hangup
        }
        queue support {
            agents 25, 26, 27, 28, 29
            strategy longest-idle
            ring 8s
            wrap-up 5s
            announce every 30s
            max-wait 180s
            max-callers 12
            on 5: callback
            on timeout: play try-later; hangup
            on full: play try-later; hangup
        }
        """

    /// A caller: when it arrives, how long it will wait before giving up, and whether
    /// after 30 s of waiting it asks to be called back instead.
    struct Arrival {
        var second: Double
        var patience: Double
        var wantsCallback: Bool
    }

    @Test func twoHundredCallersInAnHourAreEachConnectedCalledBackOrOverflowedAndNoneHearsBusy() throws {
        var generator = SeededGenerator(seed: 2026)
        // A Poisson process with 200 arrivals in the hour: 200 uniform instants, in order.
        let arrivals = (0..<200).map { _ in
            Arrival(second: Double.random(in: 0..<3600, using: &generator), patience: Double.random(in: 60...400, using: &generator),
                    wantsCallback: Int.random(in: 0..<6, using: &generator) == 0)
        }.sorted { $0.second < $1.second }
        let lines = 24
        let harness = try ScenarioHarness(menuSource: Self.menu, ports: lines, phones: 5)
        let phones = (0..<5).map { DeskPhone(seed: UInt64(100 + $0), talkSeconds: 40...180) }
        for (index, phone) in phones.enumerated() {
            harness.board.attach(phone, toPort: lines + index)
            #expect(harness.appliance.centre.logIn(lines + index + 1))
        }

        struct Call {
            var caller: ListeningCaller
            var arrival: Arrival
            var answeredFrame: Int64?
            var pressedFrame: Int64?
            var hungUp = false
        }
        var active: [Int: Call] = [:]
        var finished: [Call] = []
        var refused = 0
        var next = 0
        var frame: Int64 = 0
        // The phones callers who ask for a callback are called back on: they answer and say hello.
        let hello = try #require(harness.recogniser.samples(named: "welcome"))
        var homePhones: [AnsweringPhone] = []
        let centre = harness.appliance.centre
        while next < arrivals.count || !active.isEmpty || centre.pendingCallbacks > 0 || harness.appliance.engine.activeCalls > 0 {
            frame += 1
            let second = Double(frame) / 50
            while next < arrivals.count, arrivals[next].second <= second {
                if let port = (0..<lines).first(where: { active[$0] == nil && !harness.board.isLineBusy(port: $0) }) {
                    let caller = ListeningCaller(expectedSeconds: 300)
                    harness.board.placeCall(toPort: port, from: caller, callerNumber: "555\(1000 + next)")
                    active[port] = Call(caller: caller, arrival: arrivals[next])
                    if arrivals[next].wantsCallback {
                        let home = AnsweringPhone(answerAfterSeconds: 3, greeting: hello)
                        harness.board.directory.list(home, number: "555\(1000 + next)")
                        homePhones.append(home)
                    }
                } else {
                    refused += 1  // the exchange would give this caller busy
                }
                next += 1
            }
            harness.appliance.step()
            for (port, call) in active {
                var call = call
                if let answered = call.caller.answeredFrame, call.pressedFrame == nil, frame - answered >= 150 {
                    call.caller.press("1")
                    call.pressedFrame = frame
                }
                if let pressed = call.pressedFrame, call.arrival.wantsCallback, frame - pressed == 30 * 50,
                   centre.isWaiting(port: port) {
                    call.caller.press("5")
                }
                if let pressed = call.pressedFrame, !call.hungUp, call.caller.releasedFrame == nil,
                   Double(frame - pressed) / 50 > call.arrival.patience, centre.isWaiting(port: port) {
                    harness.board.hangUp(port: port)
                    call.hungUp = true
                }
                // Over when the appliance released the line, or the caller hung up and the line is free again.
                if call.caller.releasedFrame != nil || (call.hungUp && !harness.board.isLineBusy(port: port)) {
                    finished.append(call)
                    active[port] = nil
                } else {
                    active[port] = call
                }
            }
            #expect(frame < 50 * 4 * 3600, "the run ends")
            if frame >= 50 * 4 * 3600 { break }
        }
        harness.writer.flush()
        #expect(refused == 0, "\(refused) callers found every line busy")
        #expect(finished.count == 200)
        #expect(phones.allSatisfy { $0.doubleOffers == 0 }, "an agent was offered a call while ringing or on a call")

        // Nobody heard busy, congestion or dial tone: judged on the audio each caller received.
        for call in finished {
            let detector = CallProgressDetector(plan: harness.appliance.engine.settings.tonePlan)
            call.caller.received.withUnsafeBufferPointer { audio in
                var start = 0
                while start + 160 <= audio.count {
                    detector.process(UnsafeBufferPointer(rebasing: audio[start ..< start + 160]))
                    start += 160
                }
            }
            #expect(detector.heardTone == nil, "a caller heard \(String(describing: detector.heardTone))")
        }

        // Every caller's history: entered, then connected and completed, called back, abandoned, or overflowed.
        let allCalls = try harness.storedCalls()
        let callbackCallIDs = Set(try harness.database.queueEvents().filter { $0.kind == .callbackAnswered }.compactMap(\.reason))
        let calls = allCalls.filter { !callbackCallIDs.contains($0.callID) }
        #expect(calls.count == 200)
        #expect(allCalls.count - calls.count == homePhones.filter { $0.timesRung > 0 }.count, "one call record per callback made")
        var outcomes: [String: Int] = [:]
        for record in calls {
            let kinds = try harness.database.queueEvents(callID: record.callID).map(\.kind)
            let story = kinds.filter { [.entered, .connected, .completed, .abandoned, .overflowed, .callbackRequested,
                                        .callbackAnswered].contains($0) }
            let outcome: String
            switch story {
            case [.entered, .callbackRequested, .callbackAnswered, .connected, .completed]: outcome = "called back"
            case [.entered, .connected, .completed]: outcome = "connected"
            case [.entered, .abandoned]: outcome = "abandoned"
            case [.entered, .overflowed]: outcome = "overflowed"
            default: outcome = "incomplete: \(kinds)"
            }
            outcomes[outcome, default: 0] += 1
            if outcome == "called back" {
                #expect(record.disposition == .menuHungUp, "a caller asking for a callback hears thank-you and is released")
            }
            if outcome == "connected" {
                #expect(record.disposition == .menuHungUp, "a connected caller hears thank-you and the menu hangs up")
            }
        }
        #expect(outcomes.keys.allSatisfy { !$0.hasPrefix("incomplete") }, "\(outcomes)")
        // Busier than 5 agents can serve at once: some give up, some overflow, most are served.
        #expect((outcomes["connected"] ?? 0) >= 100, "\(outcomes)")
        #expect((outcomes["abandoned"] ?? 0) > 0 && (outcomes["overflowed"] ?? 0) > 0, "\(outcomes)")
        #expect((outcomes["called back"] ?? 0) >= 10, "\(outcomes)")
        let agentCalls = phones.map(\.calls)
        print("queue acceptance: outcomes \(outcomes.sorted { $0.key < $1.key }), calls per agent \(agentCalls), "
              + "\(Double(frame) / 50 / 60) simulated minutes")
        #expect(agentCalls.reduce(0, +) == (outcomes["connected"] ?? 0) + (outcomes["called back"] ?? 0), "\(agentCalls) vs \(outcomes)")
        #expect(agentCalls.allSatisfy { $0 > 10 }, "every agent took calls: \(agentCalls)")
    }
}
