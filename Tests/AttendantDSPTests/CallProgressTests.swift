import AttendantDSP
import Foundation
import Testing

@Suite struct CallProgressTests {
    /// Frames until the detector names a tone, feeding `source` frame by frame through µ-law and noise.
    private func framesUntilHeard(_ plan: TonePlan, _ cadence: TonePlan.Cadence, levelDBm0: Int = -20,
                                  limit: Int = 200) -> (Int?, CallProgressTone?) {
        let generator = ToneGenerator(cadence, levelDBm0: levelDBm0)
        let detector = CallProgressDetector(plan: plan)
        let noise = NoiseGenerator(seed: 5, levelDBm0: -50)
        var frame = [Int16](repeating: 0, count: AudioFormat.samplesPerFrame)
        for index in 1...limit {
            frame.withUnsafeMutableBufferPointer { buffer in
                generator.generate(into: buffer)
                noise.add(to: buffer)
                CompandingLaw.muLaw.compand(buffer)
                detector.process(UnsafeBufferPointer(buffer))
            }
            if let tone = detector.heardTone { return (index, tone) }
        }
        return (nil, nil)
    }

    @Test(arguments: TonePlan.allCases)
    func busyToneIsHeardWithinTwoSeconds(plan: TonePlan) {
        let (frames, tone) = framesUntilHeard(plan, plan.busy)
        #expect(tone == .busy)
        #expect((frames ?? .max) <= 100, "heard after \(frames.map { $0 * 20 } ?? -1) ms")
    }

    @Test(arguments: TonePlan.allCases)
    func congestionAndDialToneAreHeard(plan: TonePlan) {
        #expect(framesUntilHeard(plan, plan.congestion).1 == .congestion)
        #expect(framesUntilHeard(plan, plan.dialTone).1 == .dialTone)
    }

    @Test func anotherRegionsBusyToneIsNotBusy() {
        #expect(framesUntilHeard(.northAmerica, TonePlan.europe.busy).1 != .busy)
        #expect(framesUntilHeard(.europe, TonePlan.northAmerica.busy).1 == nil)
    }
}
