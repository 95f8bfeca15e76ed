import AttendantDSP
import Foundation

/// Test signals for DTMF detection, synthesised exactly: frequency offsets of ±1.5 %,
/// twist and levels in dBm0 as ITU-T Q.24 states them (spandsp's dBm0: a sine of
/// amplitude 32767 is +3.14 dBm0).
public enum DTMFSignal {
    public static let keys = Array("123A456B789C*0#D")
    static let lowGroup = [697.0, 770.0, 852.0, 941.0]
    static let highGroup = [1209.0, 1336.0, 1477.0, 1633.0]
    public static let allFrequencies = lowGroup + highGroup

    public static func frequencies(of key: Character) -> (low: Double, high: Double) {
        let index = keys.firstIndex(of: key)!
        return (lowGroup[index / 4], highGroup[index % 4])
    }

    /// Amplitude of a sine at `dBm0`.
    static func amplitude(dBm0: Double) -> Double {
        32767 * pow(10, (dBm0 - 3.14) / 20)
    }

    /// A key's two tones for `milliseconds`.
    /// - Parameters:
    ///   - lowDBm0: level of the low-group tone; `highDBm0` of the high group
    ///     (normal twist: high weaker; reverse twist: high stronger).
    ///   - lowOffset, highOffset: frequency deviation as a fraction (0.015 = +1.5 %).
    public static func key(_ key: Character, lowDBm0: Double, highDBm0: Double, lowOffset: Double = 0,
                           highOffset: Double = 0, milliseconds: Int, phase: Double = 0) -> [Int16] {
        let (low, high) = frequencies(of: key)
        return tones([(low * (1 + lowOffset), lowDBm0), (high * (1 + highOffset), highDBm0)],
                     milliseconds: milliseconds, phase: phase)
    }

    public static func tones(_ components: [(hertz: Double, dBm0: Double)], milliseconds: Int, phase: Double = 0) -> [Int16] {
        let count = AudioFormat.samples(milliseconds: milliseconds)
        return (0..<count).map { index in
            let time = Double(index) / Double(AudioFormat.sampleRate)
            let value = components.reduce(0.0) { sum, component in
                sum + amplitude(dBm0: component.dBm0) * sin(2 * .pi * component.hertz * time + phase)
            }
            return Int16(clamping: Int(value.rounded()))
        }
    }

    public static func silence(milliseconds: Int) -> [Int16] {
        [Int16](repeating: 0, count: AudioFormat.samples(milliseconds: milliseconds))
    }

    /// Power of two tones together, in dBm0.
    static func combinedDBm0(_ a: Double, _ b: Double) -> Double {
        10 * log10(pow(10, a / 10) + pow(10, b / 10))
    }
}

/// The far end of a line, for the benchmark: noise and the codec on what a port hears.
public struct BenchLine {
    public var signalToNoiseDB: Double?
    /// Level the SNR is taken against, in dBm0.
    public var referenceDBm0: Double
    public var companding: CompandingLaw?
    public var seed: Int32

    public init(signalToNoiseDB: Double?, referenceDBm0: Double, companding: CompandingLaw? = .muLaw, seed: Int32 = 1) {
        self.signalToNoiseDB = signalToNoiseDB
        self.referenceDBm0 = referenceDBm0
        self.companding = companding
        self.seed = seed
    }

    public func apply(to samples: [Int16]) -> [Int16] {
        var out = samples
        out.withUnsafeMutableBufferPointer { buffer in
            if let snr = signalToNoiseDB {
                NoiseGenerator(seed: seed, levelDBm0: referenceDBm0 - snr).add(to: buffer)
            }
            companding?.compand(buffer)
        }
        return out
    }
}
