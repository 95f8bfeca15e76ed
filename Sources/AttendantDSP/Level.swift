import Foundation

/// Level arithmetic in decibels.
public enum Level {
    /// The linear amplitude factor of a gain in dB (−6 dB ≈ 0.5).
    public static func amplitudeFactor(decibels: Double) -> Double {
        pow(10, decibels / 20)
    }

    /// Scales `samples` by a precomputed factor, saturating.
    public static func scale(_ samples: UnsafeMutableBufferPointer<Int16>, by factor: Float) {
        for index in samples.indices {
            samples[index] = Int16(clamping: Int32((Float(samples[index]) * factor).rounded()))
        }
    }
}
