import CSpanDSP

/// spandsp Goertzel filters for a few frequencies over blocks of a fixed size, each
/// state owned here, made once.
final class GoertzelBank {
    private let states: UnsafeMutablePointer<goertzel_state_t>
    private let powers: UnsafeMutablePointer<Float>
    let count: Int
    private let samples: Int

    init(frequencies: [Int], samples: Int) {
        count = frequencies.count
        self.samples = samples
        states = .allocate(capacity: count)
        powers = .allocate(capacity: count)
        powers.initialize(repeating: 0, count: count)
        var descriptor = goertzel_descriptor_t()
        for (index, hertz) in frequencies.enumerated() {
            make_goertzel_descriptor(&descriptor, Float(hertz), Int32(samples))
            _ = goertzel_init(states + index, &descriptor)
        }
    }

    deinit {
        states.deallocate()
        powers.deallocate()
    }

    /// Runs one block through every filter. Returns the block's energy (sum of squares);
    /// `power(_:)` then gives each frequency's share on the same scale.
    func analyse(_ block: UnsafeBufferPointer<Int16>) -> Float {
        guard let base = block.baseAddress else { return 0 }
        var energy: Float = 0
        for sample in block { energy += Float(sample) * Float(sample) }
        for index in 0..<count {
            _ = goertzel_update(states + index, base, Int32(block.count))
            // |X|² of a sine of amplitude A over N samples is (A·N/2)²; its energy is A²·N/2.
            powers[index] = goertzel_result(states + index) * 2 / Float(samples)
        }
        return energy
    }

    func power(_ index: Int) -> Float { powers[index] }
}
