import CSpanDSP

/// The one owner of a spandsp `awgn_state_t`: seeded white Gaussian noise at a set level,
/// so a simulated line sounds the same on every run with the same seed.
public final class NoiseGenerator {
    private let state: OpaquePointer

    public init(seed: Int32, levelDBm0: Double) {
        guard let state = awgn_init_dbm0(nil, seed, Float(levelDBm0)) else {
            fatalError("awgn_init_dbm0 could not allocate its state")
        }
        self.state = state
    }

    deinit { awgn_free(state) }

    /// Adds noise to `samples`, saturating at the 16-bit limits.
    public func add(to samples: UnsafeMutableBufferPointer<Int16>) {
        for index in samples.indices {
            let sum = Int32(samples[index]) + Int32(awgn(state))
            samples[index] = Int16(clamping: sum)
        }
    }
}
