import Foundation

/// Goertzel filters for up to four frequencies below 2 kHz, run side by side in one SIMD
/// pass over every other sample of a block.
///
/// spandsp has a Goertzel filter (`goertzel_update`), but one call per frequency per
/// block cost the engine 1.7 µs per channel-frame for a region's four call-progress
/// frequencies (measured with `make bench`): more than DTMF detection itself. Running the
/// four recurrences in one vector, at 4 kHz (call-progress tones lie below 700 Hz, and
/// 80 samples at 4 kHz keep the 50 Hz resolution of 160 at 8 kHz), brings it to a
/// fraction of that.
final class GoertzelBank {
    let count: Int
    private let coefficients: SIMD4<Float>
    private var powers = SIMD4<Float>(repeating: 0)
    private let samples: Int

    init(frequencies: [Int], samples: Int) {
        precondition((1...4).contains(frequencies.count), "one to four frequencies")
        count = frequencies.count
        self.samples = samples
        var coefficients = SIMD4<Float>(repeating: 0)
        for (index, hertz) in frequencies.enumerated() {
            precondition(hertz < AudioFormat.sampleRate / 4, "below the 4 kHz analysis rate's Nyquist frequency")
            coefficients[index] = Float(2 * cos(2 * Double.pi * Double(hertz) / Double(AudioFormat.sampleRate / 2)))
        }
        self.coefficients = coefficients
    }

    /// Runs one block through every filter. Returns the energy (sum of squares) of the
    /// samples analysed; `power(_:)` gives each frequency's energy on the same scale (a
    /// pure sine at a filter's frequency has power ≈ energy).
    func analyse(_ block: UnsafeBufferPointer<Int16>) -> Float {
        var v1 = SIMD4<Float>(repeating: 0), v2 = SIMD4<Float>(repeating: 0)
        var energy: Float = 0
        var index = 0
        while index < block.count {
            let x = Float(block[index])
            energy += x * x
            let v0 = coefficients * v1 - v2 + SIMD4(repeating: x)
            v2 = v1
            v1 = v0
            index += 2
        }
        // |X|² of a sine of amplitude A over N samples is (A·N/2)²; its energy is A²·N/2.
        let analysed = Float((block.count + 1) / 2)
        let magnitude = v1 * v1 + v2 * v2 - coefficients * v1 * v2
        powers = magnitude * (2 / analysed)
        return energy
    }

    /// How many samples of a block `analyse` looks at.
    static func analysedSamples(of count: Int) -> Int { (count + 1) / 2 }

    func power(_ index: Int) -> Float { powers[index] }
}
