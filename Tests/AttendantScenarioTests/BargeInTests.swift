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
}
