import Testing

/// ITU-T Q.24 timing, end to end: keys sent as DTMF audio through the default line
/// model (−6 dB, 30 dB SNR, µ-law, hybrid echo of the prompt) while a prompt plays.
@Suite struct DTMFTimingTests {
    /// Every key repeats the menu, so the keys the engine heard are the call's `keys`.
    static let menu = """
        entry keys
        menu keys {
            play main-options
            wait 10s
            on 0: repeat
            on 1: repeat
            on 2: repeat
            on 3: repeat
            on 4: repeat
            on 5: repeat
            on 6: repeat
            on 7: repeat
            on 8: repeat
            on 9: repeat
            on *: repeat
            on #: repeat
            on A: repeat
            on B: repeat
            on C: repeat
            on D: repeat
        }
        """

    private func keysHeard(pressing keys: String, tone: Int, gap: Int) throws -> String {
        let harness = try ScenarioHarness(menuSource: Self.menu)
        let outcome = try harness.run(["""
            call 1
            expect main-options within 8
            press \(keys) tone \(tone) gap \(gap)
            wait 1
            hangup
            """])
        #expect(outcome.succeeded, "\(outcome.report)")
        return try #require(try harness.storedCalls().first).keys
    }

    @Test func fortyMillisecondTonesWithFortyMillisecondGapsAreAllDetected() throws {
        let keys = "0123456789*#ABCD0123456789*#ABCD"
        #expect(try keysHeard(pressing: keys, tone: 40, gap: 40) == keys)
    }

    @Test func twentyMillisecondTonesAreNotDetected() throws {
        #expect(try keysHeard(pressing: "0123456789*#ABCD", tone: 20, gap: 40) == "")
    }

    @Test func aHeldKeyIsReportedOnce() throws {
        #expect(try keysHeard(pressing: "5", tone: 1500, gap: 100) == "5")
        #expect(try keysHeard(pressing: "55", tone: 40, gap: 40) == "55")
    }
}
