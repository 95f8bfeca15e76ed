import AttendantBoard
import AttendantDSP
import Testing

/// ITU-T Q.24 timing through the default line model (−6 dB, 30 dB SNR, µ-law, echo).
@Suite struct DTMFThroughLineTests {
    private func detected(_ digits: String, tone: Int, gap: Int, settings: LineModelSettings = LineModelSettings(),
                          levelDBm0: Int = -10) -> String {
        let board = SimulatedBoard(portCount: 1, line: settings)
        var driver = BoardDriver(board: board)
        let caller = TestFarEnd(toneMilliseconds: tone, gapMilliseconds: gap, levelDBm0: levelDBm0)
        board.placeCall(toPort: 0, from: caller)
        _ = driver.step()
        board.setHook(.offHook, port: 0)
        caller.generator.enqueue(digits)
        let receiver = DTMFReceiver()
        var result = ""
        let frames = (digits.count * (tone + gap) + 500) / AudioFormat.frameMilliseconds
        for _ in 0..<frames {
            let captured = driver.step().captured
            captured.withUnsafeBufferPointer { receiver.process($0) }
            while let digit = receiver.nextDigit() { result.append(Character(Unicode.Scalar(digit))) }
        }
        return result
    }

    @Test func fortyMillisecondTonesWithFortyMillisecondGapsAreAllDetected() {
        let keys = "0123456789*#ABCD"
        #expect(detected(keys + keys, tone: 40, gap: 40) == keys + keys)
    }

    @Test func twentyMillisecondTonesAreRejected() {
        #expect(detected("0123456789*#ABCD", tone: 20, gap: 40) == "")
    }

    @Test func aHeldKeyIsReportedOnce() {
        #expect(detected("8", tone: 2000, gap: 40) == "8")
        #expect(detected("88", tone: 40, gap: 40) == "88")
    }
}
