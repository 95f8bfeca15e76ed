import AttendantBoard
import AttendantControl
import AttendantDSP
import AttendantSimulation
import Testing

/// A key pressed while a prompt plays stops it at once: measured on the received audio.
@Suite struct BargeInTests {
    @Test func keyPressedThreeHundredMillisecondsIntoALongPromptStopsItWithinAHundredMilliseconds() throws {
        let longPrompt = "main-options"
        let menu = """
            entry main
            menu main {
                play \(longPrompt)
                on 1: goto next
            }
            menu next {
                play sales
            }
            """
        let harness = try ScenarioHarness(menuSource: menu)
        #expect(harness.durationSeconds(of: longPrompt) >= 3, "the barge-in prompt must be at least 3 s long")

        let caller = ListeningCaller()
        harness.board.placeCall(toPort: 0, from: caller, callerNumber: nil)
        // Until the caller recognises the prompt from what it hears.
        var recognition: Recognition?
        for _ in 0..<500 where recognition == nil {
            harness.step()
            recognition = caller.received.withUnsafeBufferPointer {
                harness.recogniser.recognise(in: $0, onsetsIn: 0 ..< $0.count).first
            }
        }
        let prompt = try #require(recognition)
        #expect(prompt.name == longPrompt)

        // The recognition needed more than 300 ms of audio, so replay the call's timing:
        // start over on a fresh line and press exactly 300 ms after the prompt's onset.
        let fresh = try ScenarioHarness(menuSource: menu)
        let second = ListeningCaller()
        fresh.board.placeCall(toPort: 0, from: second, callerNumber: nil)
        let pressAt = prompt.onset + AudioFormat.samples(milliseconds: 300)
        var toneStart: Int?
        for _ in 0..<400 {
            if toneStart == nil, second.received.count >= pressAt {
                second.press("1", toneMilliseconds: 80, gapMilliseconds: 80)
                // The tone goes out in the next frame, whose audio lands at this index.
                toneStart = second.received.count
            }
            fresh.step()
        }
        let start = try #require(toneStart)
        let toneEnd = start + AudioFormat.samples(milliseconds: 80)

        // The replay is cut before a second of the prompt has played, too short to
        // recognise again; the first run's onset stands (the simulation repeats exactly),
        // and the audio up to the key press must match it sample by sample.
        let heard = second.received
        let stoppedAt = heard.withUnsafeBufferPointer { fresh.recogniser.playedUntil(prompt, in: $0) }
        let latency = Double(stoppedAt - toneEnd) / 8
        #expect(stoppedAt >= pressAt, "the prompt played until the key was pressed")
        #expect(latency <= 100, "prompt heard \(latency) ms after the tone ended")

        // After the stop: silence, or the next menu's prompt.
        let after = stoppedAt ..< stoppedAt + AudioFormat.samples(milliseconds: 100)
        let next = heard.withUnsafeBufferPointer {
            fresh.recogniser.recognise(in: $0, onsetsIn: stoppedAt - 160 ..< $0.count).first
        }
        let silent = heard.withUnsafeBufferPointer { fresh.recogniser.isSilent($0, range: after) }
        #expect(silent || next?.name == "sales", "after the stop the caller heard neither silence nor 'sales'")
        #expect(next?.name == "sales")
    }

    /// A line returning our prompt at −6 dB (a poor hybrid) still lets keys through: the
    /// detector is told what the port played and does not hold its echo against a key.
    @Test func keysPressedOverAStrongEchoOfThePromptAreHeard() throws {
        let menu = """
            entry main
            menu main {
                play main-options
                on 1: goto next
            }
            menu next {
                play sales
            }
            """
        let ports = 8
        let harness = try ScenarioHarness(menuSource: menu, ports: ports,
                                          line: LineModelSettings(echoDB: -6, echoDelayMilliseconds: 16))
        let callers = (0..<ports).map { _ in ListeningCaller() }
        for (port, caller) in callers.enumerated() { harness.board.placeCall(toPort: port, from: caller, callerNumber: nil) }
        // Each caller presses 1 at its own moment of the prompt: 0.4 s in, then 0.3 s later per port.
        var pressed = Array(repeating: false, count: ports)
        var promptFrame = [Int64?](repeating: nil, count: ports)
        for _ in 0..<900 {
            harness.step()
            let frame = harness.appliance.engine.frame
            for (port, view) in harness.appliance.tracker.channelViews.enumerated()
            where !pressed[port] && view.prompt == "main-options" {
                let start = promptFrame[port] ?? frame
                promptFrame[port] = start
                if FrameClock.seconds(frames: frame - start) >= 0.4 + 0.3 * Double(port) {
                    callers[port].press("1", toneMilliseconds: 60, gapMilliseconds: 60)
                    pressed[port] = true
                }
            }
        }
        #expect(pressed.allSatisfy { $0 })
        let reached = harness.appliance.tracker.channelViews.filter { $0.menu == "next" }.count
        #expect(reached == ports, "\(reached) of \(ports) keys heard over the echo")
    }
}
