/// Short-time energy in 10 ms blocks, in dB relative to a full-scale square wave.
enum Envelope {
    static let blockSamples = 80

    /// Energy of `count` samples starting at `start`, in dB (−100 for digital silence).
    static func level(_ samples: UnsafeBufferPointer<Int16>, start: Int, count: Int = blockSamples) -> Float {
        var sum: Float = 0
        for index in start ..< start + count {
            let value = Float(samples[index])
            sum += value * value
        }
        let meanSquare = sum / Float(count)
        return meanSquare <= 0 ? -100 : 10 * log10f(meanSquare / (32768 * 32768))
    }

    /// Levels of consecutive blocks from `start` while whole blocks fit.
    static func levels(_ samples: UnsafeBufferPointer<Int16>, from start: Int, blocks: Int) -> [Float] {
        (0..<blocks).map { level(samples, start: start + $0 * blockSamples) }
    }

    /// Pearson correlation of two equally long series, each clamped from below at
    /// `floor`s so that the depth of silences (noise or none) does not matter.
    static func correlation(_ a: ArraySlice<Float>, floorA: Float, _ b: ArraySlice<Float>, floorB: Float) -> Float {
        let count = Float(a.count)
        var sumA: Float = 0, sumB: Float = 0, sumAB: Float = 0, sumAA: Float = 0, sumBB: Float = 0
        for (x0, y0) in zip(a, b) {
            let x = max(x0, floorA), y = max(y0, floorB)
            sumA += x; sumB += y; sumAB += x * y; sumAA += x * x; sumBB += y * y
        }
        let covariance = sumAB - sumA * sumB / count
        let varianceA = sumAA - sumA * sumA / count
        let varianceB = sumBB - sumB * sumB / count
        guard varianceA > 0, varianceB > 0 else { return 0 }
        return covariance / (varianceA * varianceB).squareRoot()
    }
}

#if canImport(Glibc)
import Glibc
#endif
