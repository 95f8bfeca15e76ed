import AttendantDSP
import Testing

/// The spandsp owners round-trip: what the generator sends, the receiver hears.
@Suite struct DTMFTests {
    /// Runs `digits` through generator and receiver in 20 ms frames and returns what was detected.
    private func detect(_ digits: String, tone: Int, gap: Int, law: CompandingLaw? = nil,
                        levelDBm0: Int = -10) -> String {
        let generator = DTMFGenerator(toneMilliseconds: tone, gapMilliseconds: gap, levelDBm0: levelDBm0)
        let receiver = DTMFReceiver()
        generator.enqueue(digits)
        var frame = [Int16](repeating: 0, count: AudioFormat.samplesPerFrame)
        var detected = ""
        let frames = (digits.count * (tone + gap) + 400) / AudioFormat.frameMilliseconds
        for _ in 0..<frames {
            frame.withUnsafeMutableBufferPointer { buffer in
                generator.generate(into: buffer)
                law?.compand(buffer)
            }
            frame.withUnsafeBufferPointer { receiver.process($0) }
            while let digit = receiver.nextDigit() { detected.append(Character(Unicode.Scalar(digit))) }
        }
        return detected
    }

    @Test func everyKeyIsDetectedOnce() {
        #expect(detect("0123456789*#ABCD", tone: 80, gap: 80) == "0123456789*#ABCD")
    }

    @Test(arguments: CompandingLaw.allCases)
    func keysSurviveCompanding(law: CompandingLaw) {
        #expect(detect("159#", tone: 60, gap: 60, law: law) == "159#")
    }

    @Test func aLongToneIsOneDigit() {
        #expect(detect("5", tone: 1500, gap: 100) == "5")
    }

    @Test func resetForgetsAHalfHeardTone() {
        let generator = DTMFGenerator(toneMilliseconds: 200, gapMilliseconds: 50)
        let receiver = DTMFReceiver()
        generator.enqueue("7")
        var frame = [Int16](repeating: 0, count: AudioFormat.samplesPerFrame)
        frame.withUnsafeMutableBufferPointer { _ = generator.generate(into: $0) }
        frame.withUnsafeBufferPointer { receiver.process($0) }
        receiver.reset()
        #expect(receiver.nextDigit() == nil)
    }

    @Test func companderRoundTripIsCloseToLinear() {
        for law in CompandingLaw.allCases {
            for sample in stride(from: -32000, through: 32000, by: 777) {
                let back = law.decode(law.encode(Int16(sample)))
                // G.711 keeps about 4 bits of mantissa: the error stays within 1/16 of the value.
                #expect(abs(Int(back) - sample) <= max(abs(sample) / 16, 16))
            }
        }
    }

    @Test func noiseHasTheRequestedLevel() {
        let noise = NoiseGenerator(seed: 7, levelDBm0: -40)
        var samples = [Int16](repeating: 0, count: 8000)
        samples.withUnsafeMutableBufferPointer { noise.add(to: $0) }
        let power = samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)
        // spandsp: 0 dBm0 is a sine of amplitude 32767 / 10^(3.14/20) (µ-law full scale is +3.14 dBm0).
        let zeroDBm0RMS = 32767.0 / 1.4364 / 2.0.squareRoot()
        let level = 10 * log10(power) - 20 * log10(zeroDBm0RMS)
        #expect(abs(level - -40) < 1.0, "noise at \(level) dBm0")
    }
}

import Foundation

@Suite struct DTMFAnalysisTests {
    @Test func findsEachKeyWithItsTimeAndDuration() {
        let generator = DTMFGenerator(toneMilliseconds: 100, gapMilliseconds: 400)
        generator.enqueue("5#9")
        var samples = [Int16](repeating: 0, count: 8000 * 2)
        samples.withUnsafeMutableBufferPointer { buffer in
            // Half a second of silence first: keys at 500, 1000 and 1500 ms.
            _ = generator.generate(into: UnsafeMutableBufferPointer(rebasing: buffer[4000...]))
        }
        let tones = DTMFDetector.tones(in: samples)
        #expect(tones.map(\.key) == ["5", "#", "9"])
        for (tone, onset) in zip(tones, [500, 1000, 1500]) {
            // Confirmation takes two 12.75 ms blocks and the half block after them (32 ms),
            // plus up to one block until the first block boundary inside the tone.
            #expect(tone.startMilliseconds >= onset && tone.startMilliseconds <= onset + 46, "\(tone)")
            #expect(abs(tone.durationMilliseconds - 100) <= 30, "\(tone)")
        }
    }
}
