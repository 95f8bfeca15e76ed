import AttendantDSP
import AttendantSimulation
import Testing

/// The bounded DTMF benchmark, run by `make test`: the engine's detector against raw
/// spandsp with its defaults, on the same audio.
@Suite struct DTMFBenchTests {
    static let rows: [DTMFBench.Row] = {
        let cases = try! DTMFBenchCases.bounded.all()
        return DTMFBench().run(cases)
    }()

    /// Rows inside the Q.24 accept masks at 15 dB SNR or better: each parameter at its
    /// limit, and two corners where the limits meet.
    static let maskRows = rows.filter {
        $0.kind == .accept && !$0.name.hasPrefix("keys pressed") && !$0.name.hasPrefix("SNR 10")
    }

    @Test func everyKeyInsideTheAcceptMasksIsDetectedOnce() {
        #expect(Self.maskRows.count >= 16)
        for row in Self.maskRows {
            #expect(row.ours.detected == row.ours.expected && row.ours.falseDigits == 0,
                    "\(row.name): \(row.oursFigure)")
        }
    }

    @Test func nothingOutsideTheRejectMasksIsDetected() {
        for row in Self.rows where row.kind == .reject {
            #expect(row.ours.falseDigits == 0, "\(row.name): \(row.oursFigure)")
        }
    }

    @Test func talkOffIsNoWorseThanRawSpandsp() {
        let talkOff = Self.rows.filter { $0.kind == .talkOff || $0.kind == .echo }
        #expect(talkOff.count >= 5)
        for row in talkOff {
            #expect(row.ours.falseDigits <= row.raw.falseDigits, "\(row.name): ours \(row.oursFigure), raw \(row.rawFigure)")
        }
    }

    @Test func everyAcceptRowIsAtLeastAsGoodAsRawSpandsp() {
        for row in Self.rows where row.kind == .accept {
            #expect(row.ours.detected >= row.raw.detected, "\(row.name): ours \(row.oursFigure), raw \(row.rawFigure)")
        }
    }

    /// Keys pressed over our own prompt returning at −6 dB: the echo guard lets at least
    /// 85 % through (71 % without it, raw spandsp 61 %), and the prompt's echo alone never
    /// becomes a key (the echo rows above).
    @Test func keysOverAStrongEchoOfOurPromptAreHeard() throws {
        let row = try #require(Self.rows.first { $0.name.hasPrefix("keys pressed over a prompt") })
        #expect(Double(row.ours.detected) >= 0.85 * Double(row.ours.expected), "\(row.oursFigure)")
        #expect(row.ours.falseDigits == 0, "\(row.oursFigure)")
    }
}
