import Foundation

/// What one 12.75 ms block says about DTMF: the key whose two tones dominate it, or none.
///
/// Eight Goertzel filters, one per DTMF frequency, run side by side in one SIMD pass
/// over blocks of 102 samples (spandsp's block length). Each filter is read at the
/// half-block as well as at the end, which gives, per tone, the energy of each half and
/// the phase advance between them: the tone's real frequency to within a few Hz. That
/// is what lets a tone 1.5 % off be accepted at full strength while one 3.5 % off is
/// refused, which energy alone cannot do in 40 ms (ITU-T Q.24).
struct DTMFBlockAnalyser {
    static let blockSamples = 102
    static let halfSamples = 51
    static let frequencies: [Float] = [697, 770, 852, 941, 1209, 1336, 1477, 1633]
    static let keys: [UInt8] = Array("123A456B789C*0#D".utf8)

    struct Limits {
        /// Weakest tone accepted, as a block energy (spandsp's −42 dBm0 scale).
        var minimumToneEnergy: Float
        /// Low group over high group, and high over low, as energy ratios.
        var normalTwist: Float
        var reverseTwist: Float
        /// The best tone in each group over the next best.
        var relativePeak: Float
        /// Share of the block's energy the two tones must hold.
        var minimumShare: Float
        /// Largest accepted frequency deviation, as a fraction of the nominal frequency.
        var maximumDeviation: Float
        /// Largest energy ratio between the block's halves for the stronger tone: a tone
        /// that starts or stops inside a block is not counted for it.
        var maximumHalfImbalance: Float
    }

    private let coefficients: SIMD8<Float>
    private let cosines: SIMD8<Float>
    private let sines: SIMD8<Float>
    /// e^{-jω(L-1)} for L = half and whole block: puts both readings on the block's time origin.
    private let halfRotation: (re: SIMD8<Float>, im: SIMD8<Float>)
    private let fullRotation: (re: SIMD8<Float>, im: SIMD8<Float>)
    private var s1 = SIMD8<Float>(repeating: 0)
    private var s2 = SIMD8<Float>(repeating: 0)
    private var half: (s1: SIMD8<Float>, s2: SIMD8<Float>) = (.zero, .zero)
    private var energy: Float = 0
    private var count = 0
    let limits: Limits

    init(limits: Limits) {
        self.limits = limits
        var coefficients = SIMD8<Float>(), cosines = SIMD8<Float>(), sines = SIMD8<Float>()
        var halfRe = SIMD8<Float>(), halfIm = SIMD8<Float>(), fullRe = SIMD8<Float>(), fullIm = SIMD8<Float>()
        for (index, hertz) in Self.frequencies.enumerated() {
            let omega = 2 * Double.pi * Double(hertz) / 8000
            coefficients[index] = Float(2 * cos(omega))
            cosines[index] = Float(cos(omega))
            sines[index] = Float(sin(omega))
            halfRe[index] = Float(cos(-omega * Double(Self.halfSamples - 1)))
            halfIm[index] = Float(sin(-omega * Double(Self.halfSamples - 1)))
            fullRe[index] = Float(cos(-omega * Double(Self.blockSamples - 1)))
            fullIm[index] = Float(sin(-omega * Double(Self.blockSamples - 1)))
        }
        self.coefficients = coefficients
        self.cosines = cosines
        self.sines = sines
        halfRotation = (halfRe, halfIm)
        fullRotation = (fullRe, fullIm)
    }

    mutating func reset() {
        s1 = .zero
        s2 = .zero
        energy = 0
        count = 0
    }

    /// Feeds samples; at the end of each block calls `verdict` with its verdict (a key's
    /// ASCII code, or 0 for "no key") and the index in `samples` just after the block.
    mutating func process(_ samples: UnsafeBufferPointer<Int16>, verdict: (UInt8, Int) -> Void) {
        // Work on locals: the state is stored once per call, not once per sample.
        var s1 = self.s1, s2 = self.s2, energy = self.energy, count = self.count
        for index in 0..<samples.count {
            let x = Float(samples[index])
            energy += x * x
            let s0 = coefficients * s1 - s2 + SIMD8(repeating: x)
            s2 = s1
            s1 = s0
            count += 1
            if count == Self.halfSamples {
                half = (s1, s2)
            } else if count == Self.blockSamples {
                self.s1 = s1
                self.s2 = s2
                self.energy = energy
                verdict(evaluate(), index + 1)
                s1 = .zero
                s2 = .zero
                energy = 0
                count = 0
            }
        }
        self.s1 = s1
        self.s2 = s2
        self.energy = energy
        self.count = count
    }

    /// The DFT value at each frequency from a Goertzel state after L samples, on the
    /// block's time origin: (s1 − e^{−jω}·s2)·e^{−jω(L−1)}.
    private func spectrum(_ s1: SIMD8<Float>, _ s2: SIMD8<Float>,
                          rotation: (re: SIMD8<Float>, im: SIMD8<Float>)) -> (re: SIMD8<Float>, im: SIMD8<Float>) {
        let re = s1 - cosines * s2
        let im = sines * s2
        return (re * rotation.re - im * rotation.im, re * rotation.im + im * rotation.re)
    }

    private func evaluate() -> UInt8 {
        let first = spectrum(half.s1, half.s2, rotation: halfRotation)
        let whole = spectrum(s1, s2, rotation: fullRotation)
        let second = (re: whole.re - first.re, im: whole.im - first.im)
        // Scaled so that a sine's power equals its energy in the block (as spandsp does).
        let power = (whole.re * whole.re + whole.im * whole.im) * (2 / Float(Self.blockSamples))

        let row = Self.best(power, in: 0..<4), column = Self.best(power, in: 4..<8)
        let rowPower = power[row.index], columnPower = power[column.index]
        guard rowPower >= limits.minimumToneEnergy, columnPower >= limits.minimumToneEnergy,
              columnPower <= rowPower * limits.reverseTwist, rowPower <= columnPower * limits.normalTwist,
              rowPower >= row.runnerUp * limits.relativePeak, columnPower >= column.runnerUp * limits.relativePeak,
              rowPower + columnPower >= limits.minimumShare * energy
        else { return 0 }

        // The weaker tone's halves also carry the stronger one's leakage (a half block is
        // only 51 samples): judge its balance more loosely; the stronger tone keeps the
        // strict test that refuses tones starting or stopping inside the block.
        let rowIsStronger = rowPower >= columnPower
        let strict = limits.maximumHalfImbalance, loose = 2 * limits.maximumHalfImbalance
        guard isSteady(row.index, first, second, imbalance: rowIsStronger ? strict : loose),
              isSteady(column.index, first, second, imbalance: rowIsStronger ? loose : strict)
        else { return 0 }
        return Self.keys[row.index * 4 + column.index - 4]
    }

    /// The tone held through the whole block at a frequency close enough to nominal.
    private func isSteady(_ index: Int, _ first: (re: SIMD8<Float>, im: SIMD8<Float>),
                          _ second: (re: SIMD8<Float>, im: SIMD8<Float>), imbalance: Float) -> Bool {
        let firstPower = first.re[index] * first.re[index] + first.im[index] * first.im[index]
        let secondPower = second.re[index] * second.re[index] + second.im[index] * second.im[index]
        guard firstPower <= secondPower * imbalance, secondPower <= firstPower * imbalance else { return false }
        // The second half's phase runs ahead of the first's by 2π·(f − f₀)·M/fs.
        let advance = atan2(second.im[index] * first.re[index] - second.re[index] * first.im[index],
                            second.re[index] * first.re[index] + second.im[index] * first.im[index])
        let deviation = advance * 8000 / (2 * .pi * Float(Self.halfSamples))
        return abs(deviation) <= limits.maximumDeviation * Self.frequencies[index]
    }

    private static func best(_ power: SIMD8<Float>, in range: Range<Int>) -> (index: Int, runnerUp: Float) {
        var bestIndex = range.lowerBound
        for index in range where power[index] > power[bestIndex] { bestIndex = index }
        var runnerUp: Float = 0
        for index in range where index != bestIndex { runnerUp = max(runnerUp, power[index]) }
        return (bestIndex, runnerUp)
    }
}
