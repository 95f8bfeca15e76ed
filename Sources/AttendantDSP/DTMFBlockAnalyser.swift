import Foundation

/// What one 12.75 ms block says about DTMF: the key whose two tones dominate it, or none.
///
/// Eight Goertzel filters, one per DTMF frequency, run side by side in one SIMD pass
/// over blocks of 102 samples (spandsp's block length). Each filter is read at the
/// half-block as well as at the end, which gives, per tone, the energy of each half and
/// the phase advance between them: the tone's real frequency to within a few Hz. That
/// is what lets a tone 1.5 % off be accepted at full strength while one 3.5 % off is
/// refused, which energy alone cannot do in 40 ms (ITU-T Q.24).
final class DTMFBlockAnalyser {
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
        /// The best tone in each group over the next best: for the stronger of the two
        /// tones, and for the weaker, which twist brings nearer the noise.
        var relativePeak: Float
        var weakerRelativePeak: Float
        /// Share of the block's energy the two tones must hold.
        var minimumShare: Float
        /// Largest accepted frequency deviation, as a fraction of the nominal frequency.
        var maximumDeviation: Float
        /// Largest energy ratio between the block's halves for the stronger tone: a tone
        /// that starts or stops inside a block is not counted for it.
        var maximumHalfImbalance: Float
        /// The loudest echo of our own playback the line may return, as an energy ratio.
        var echoGain: Float
        /// Blocks of playback history an echo may come from (delay and its spread).
        var echoBlocks: Int
        /// Part of a tone's power that echo of our playback may have brought before the
        /// tone is taken for echo.
        var echoExplains: Float
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
    /// The block's samples, for a closer look at the two tones of a block that passed
    /// the energy tests: each half on its own, Hann-windowed. Halves of 51 samples are
    /// short, and unwindowed the other group's tone leaks in at −17 dB, enough to swing a
    /// weak tone's half energies by 4× with phase; the window brings that to −28 dB.
    /// Done only for such blocks, it costs nothing while no key is pressed.
    private let samples = UnsafeMutablePointer<Float>.allocate(capacity: blockSamples)
    /// The Hann window over one half.
    private let window = UnsafeMutablePointer<Float>.allocate(capacity: halfSamples)
    /// ωM wrapped to ±π: the phase a tone at exactly the nominal frequency advances per half.
    private let nominalAdvance: SIMD8<Float>
    private var energy: Float = 0
    /// Energy of what we played in each of the last `limits.echoBlocks` blocks (a ring):
    /// what may come back as echo.
    private let playedHistory: UnsafeMutablePointer<Float>
    /// `limits.echoBlocks`, which always counts the block now filling (so at least 1).
    private let historyBlocks: Int
    private var playedIndex = 0
    /// The played samples themselves over the echo window, for the rare block whose key
    /// is only a key once echo is set aside: does our playback hold its tones? Its size
    /// is whole blocks and its position moves with `count`, so a block's samples lie in
    /// it end to end.
    private let playedSamples: UnsafeMutablePointer<Int16>
    private let playedCapacity: Int
    private var playedPosition = 0
    private var count = 0
    /// The tones of the last block's key, and their power in its second half.
    private var heldTones: (row: Int, column: Int, rowPower: Float, columnPower: Float)?
    let limits: Limits

    init(limits: Limits) {
        // Swift makes a static lazily, on first use: here, not on the first key the media loop hears.
        _ = Self.keys
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
        var advance = SIMD8<Float>()
        for (index, hertz) in Self.frequencies.enumerated() {
            advance[index] = Float(remainder(2 * Double.pi * Double(hertz) / 8000 * Double(Self.halfSamples), 2 * Double.pi))
        }
        nominalAdvance = advance
        for n in 0..<Self.halfSamples {
            let value = sin(Double.pi * (Double(n) + 0.5) / Double(Self.halfSamples))
            window[n] = Float(value * value)
        }
        samples.initialize(repeating: 0, count: Self.blockSamples)
        historyBlocks = max(1, limits.echoBlocks)
        playedHistory = .allocate(capacity: historyBlocks)
        playedHistory.initialize(repeating: 0, count: historyBlocks)
        playedCapacity = historyBlocks * Self.blockSamples
        playedSamples = .allocate(capacity: playedCapacity)  // as played: storing is a copy
        playedSamples.initialize(repeating: 0, count: playedCapacity)
    }

    deinit {
        samples.deallocate()
        window.deallocate()
        playedHistory.deallocate()
        playedSamples.deallocate()
    }

    func reset() {
        s1 = .zero
        s2 = .zero
        energy = 0
        playedHistory.update(repeating: 0, count: historyBlocks)
        playedSamples.update(repeating: 0, count: playedCapacity)
        playedIndex = 0
        playedPosition = 0
        count = 0
    }

    /// Feeds samples; at the end of each block calls `verdict` with its verdict (a key's
    /// ASCII code, or 0 for "no key") and the index in `samples` just after the block.
    /// What the analyser has to say, and where (the index in `samples` just after it).
    enum Finding {
        /// A block ended: the key it holds, or 0 for none.
        case block(UInt8)
        /// Half a block after a block that held a key: whether both its tones still sound.
        /// Two blocks alone let a 23 ms tone through when it straddles them just so; a
        /// key must also sound in the half block after them.
        case continuation(Bool)
    }

    /// - Parameter played: what we played to the line, sample for sample with `input`
    ///   (or nil when nothing was): its echo is not held against a key pressed over it.
    func process(_ input: UnsafeBufferPointer<Int16>, played: UnsafeBufferPointer<Int16>?,
                 report: (Finding, Int) -> Void) {
        // What we played goes to its ring in a pass of its own, which vectorises; the
        // main loop below stays as it is without it.
        let ringStart = playedPosition
        store(played, count: input.count)
        // Locals in the loop: class properties would be loaded and stored every sample.
        var s1 = self.s1, s2 = self.s2, energy = self.energy, count = self.count
        let coefficients = self.coefficients, samples = self.samples
        for index in 0..<input.count {
            let x = Float(input[index])
            samples[count] = x
            energy += x * x
            let s0 = coefficients * s1 - s2 + SIMD8(repeating: x)
            s2 = s1
            s1 = s0
            count += 1
            if count == Self.halfSamples {
                half = (s1, s2)
                if let tones = heldTones {
                    heldTones = nil
                    report(.continuation(stillSounds(tones)), index + 1)
                }
            } else if count == Self.blockSamples {
                self.s1 = s1
                self.s2 = s2
                self.energy = energy
                playedPosition = (ringStart + index + 1) % playedCapacity
                rememberBlock(endingAt: playedPosition == 0 ? playedCapacity : playedPosition)
                report(.block(evaluate()), index + 1)
                s1 = .zero
                s2 = .zero
                energy = 0
                count = 0
            }
        }
        self.s1 = s1
        self.s2 = s2
        self.energy = energy
        playedPosition = (ringStart + input.count) % playedCapacity
        self.count = count
    }

    /// Copies what was played into the ring after `playedPosition` (silence if nothing).
    private func store(_ played: UnsafeBufferPointer<Int16>?, count: Int) {
        var position = playedPosition, done = 0
        while done < count {
            let run = min(count - done, playedCapacity - position)
            if let base = played?.baseAddress {
                (playedSamples + position).update(from: base + done, count: run)
            } else {
                (playedSamples + position).update(repeating: 0, count: run)
            }
            done += run
            position = position + run == playedCapacity ? 0 : position + run
        }
    }

    /// Whether our own playback over the echo window held enough of tone `index` for its
    /// echo to account for a good part of `heard` power: block-long stretches stepped by
    /// half a block, each through one Goertzel filter. Only for blocks that need it.
    private func echoCouldHold(_ index: Int, power heard: Float) -> Bool {
        let coefficient = coefficients[index], cosine = cosines[index], sine = sines[index]
        var start = 0
        while start + Self.blockSamples <= playedCapacity {
            var v1: Float = 0, v2: Float = 0
            for n in 0..<Self.blockSamples {
                let v0 = coefficient * v1 - v2 + Float(playedSamples[(playedPosition + start + n) % playedCapacity])
                v2 = v1
                v1 = v0
            }
            let re = v1 - cosine * v2, im = sine * v2
            let power = (re * re + im * im) * (2 / Float(Self.blockSamples))
            if power * limits.echoGain >= limits.echoExplains * heard { return true }
            start += Self.halfSamples
        }
        return false
    }

    /// Notes the energy of the block of playback that ends at `end` in the ring.
    private func rememberBlock(endingAt end: Int) {
        // Whole numbers: exact, and a loop the compiler vectorises (a Float sum it may not reorder).
        var played: Int64 = 0
        for offset in (end - Self.blockSamples) ..< end {
            let sample = Int64(playedSamples[offset])
            played &+= sample &* sample
        }
        playedHistory[playedIndex] = Float(played)
        playedIndex = (playedIndex + 1) % historyBlocks
    }

    /// The most energy our own playback can be returning in this block: the loudest
    /// recent block of it, at the worst echo return loss the line is allowed.
    private var echoBound: Float {
        var loudest: Float = 0
        for index in 0..<historyBlocks { loudest = max(loudest, playedHistory[index]) }
        return loudest * limits.echoGain
    }

    /// The DFT value at each frequency from a Goertzel state after L samples, on the
    /// block's time origin: (s1 − e^{−jω}·s2)·e^{−jω(L−1)}.
    private func spectrum(_ s1: SIMD8<Float>, _ s2: SIMD8<Float>,
                          rotation: (re: SIMD8<Float>, im: SIMD8<Float>)) -> (re: SIMD8<Float>, im: SIMD8<Float>) {
        let re = s1 - cosines * s2
        let im = sines * s2
        return (re * rotation.re - im * rotation.im, re * rotation.im + im * rotation.re)
    }

    /// Both tones of the held key in the first half of the block now filling, at a tenth
    /// of their power at least. A 23 ms tone that passed two blocks has ended before this
    /// half begins, leaving only noise in it; a 40 ms tone that began just after a block
    /// boundary still fills a third of it (a ninth of the power). A quarter, tried first,
    /// lost 6 % of 40 ms keys at the Q.24 corner (`make dtmf-bench`).
    private func stillSounds(_ tones: (row: Int, column: Int, rowPower: Float, columnPower: Float)) -> Bool {
        let first = spectrum(half.s1, half.s2, rotation: halfRotation)
        func power(_ index: Int) -> Float { first.re[index] * first.re[index] + first.im[index] * first.im[index] }
        return power(tones.row) >= 0.1 * tones.rowPower && power(tones.column) >= 0.1 * tones.columnPower
    }

    /// One tone's spectrum over one half of the block, Hann-windowed, on the half's origin.
    private func windowedHalf(_ index: Int, startingAt start: Int) -> (re: Float, im: Float) {
        let coefficient = coefficients[index]
        var v1: Float = 0, v2: Float = 0
        for n in 0..<Self.halfSamples {
            let v0 = coefficient * v1 - v2 + samples[start + n] * window[n]
            v2 = v1
            v1 = v0
        }
        let re = v1 - cosines[index] * v2, im = sines[index] * v2
        let rotationRe = halfRotation.re[index], rotationIm = halfRotation.im[index]
        return (re * rotationRe - im * rotationIm, re * rotationIm + im * rotationRe)
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
              rowPower >= row.runnerUp * (rowPower >= columnPower ? limits.relativePeak : limits.weakerRelativePeak),
              columnPower >= column.runnerUp * (rowPower >= columnPower ? limits.weakerRelativePeak : limits.relativePeak)
        else { return 0 }
        if rowPower + columnPower < limits.minimumShare * energy {
            // Echo of our prompt is not the caller's: the share may be of what is left of
            // the block's energy once the loudest echo the line could return is set aside,
            // as long as that echo could not itself have brought the two tones.
            guard rowPower + columnPower >= limits.minimumShare * max(energy - echoBound, 0),
                  !echoCouldHold(row.index, power: rowPower), !echoCouldHold(column.index, power: columnPower)
            else { return 0 }
        }

        // The weaker tone's halves also carry the stronger one's leakage (a half block is
        // only 51 samples): judge its balance more loosely; the stronger tone keeps the
        // strict test that refuses tones starting or stopping inside the block.
        let rowIsStronger = rowPower >= columnPower
        let strict = limits.maximumHalfImbalance, loose = 2 * limits.maximumHalfImbalance
        guard isSteady(row.index, imbalance: rowIsStronger ? strict : loose),
              isSteady(column.index, imbalance: rowIsStronger ? loose : strict)
        else { return 0 }
        func halfPower(_ index: Int) -> Float { second.re[index] * second.re[index] + second.im[index] * second.im[index] }
        heldTones = (row.index, column.index, halfPower(row.index), halfPower(column.index))
        return Self.keys[row.index * 4 + column.index - 4]
    }

    /// The tone held through the whole block at a frequency close enough to nominal.
    private func isSteady(_ index: Int, imbalance: Float) -> Bool {
        let first = windowedHalf(index, startingAt: 0), second = windowedHalf(index, startingAt: Self.halfSamples)
        let firstPower = first.re * first.re + first.im * first.im
        let secondPower = second.re * second.re + second.im * second.im
        guard firstPower <= secondPower * imbalance, secondPower <= firstPower * imbalance else { return false }
        // Each half on its own time origin: a tone at f advances 2π·f·M/fs from one to the
        // next; beyond the nominal advance is the deviation.
        let advance = atan2(second.im * first.re - second.re * first.im, second.re * first.re + second.im * first.im)
        let excess = remainderf(advance - nominalAdvance[index], 2 * .pi)
        let deviation = excess * 8000 / (2 * .pi * Float(Self.halfSamples))
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
