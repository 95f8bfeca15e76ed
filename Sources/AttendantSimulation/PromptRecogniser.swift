/// A prompt recognised in received audio: which one, and where its first sample lies.
public struct Recognition: Sendable, Equatable {
    public var promptIndex: Int
    public var name: String
    /// Index in the received audio of the prompt's sample 0.
    public var onset: Int
    /// Normalised cross-correlation with the prompt over the decision stretch (1 = identical).
    public var score: Double
}

/// Tells which catalogue prompt a caller is hearing, from the received samples alone.
///
/// Two stages: 10 ms energy envelopes find candidate onsets cheaply (level loss shifts
/// an envelope but does not change its shape); then each candidate is checked sample by
/// sample with normalised cross-correlation at the best lag, which line noise and G.711
/// barely disturb but a different recording never passes.
public final class PromptRecogniser: Sendable {
    private struct Reference: Sendable {
        var name: String
        var samples: [Int16]
        var levels: [Float]
        var floor: Float
        /// Blocks compared at the envelope stage and samples at the verification stage.
        var decisionBlocks: Int
        var decisionSamples: Int { decisionBlocks * Envelope.blockSamples }
    }

    private let references: [Reference]
    static let maximumDecisionBlocks = 100      // 1 s
    static let envelopeThreshold: Float = 0.6
    static let acceptThreshold: Float = 0.5
    /// Short windows correlate by chance more easily than a whole second: ask for more.
    static let continuationThreshold: Float = 0.7
    static let dynamicRange: Float = 40

    public init(prompts: [(name: String, samples: [Int16])]) {
        references = prompts.map { prompt in
            let blocks = prompt.samples.count / Envelope.blockSamples
            let levels = prompt.samples.withUnsafeBufferPointer { Envelope.levels($0, from: 0, blocks: blocks) }
            let peak = levels.max() ?? -100
            return Reference(name: prompt.name, samples: prompt.samples, levels: levels,
                             floor: peak - Self.dynamicRange,
                             decisionBlocks: min(blocks, Self.maximumDecisionBlocks))
        }
    }

    /// A prompt's audio, for a simulated party that says it down the line.
    public func samples(named name: String) -> [Int16]? {
        references.first { $0.name == name }?.samples
    }

    /// The most audio after an onset that `recognise` waits for before it decides.
    public var minimumDecisionSamples: Int { references.map(\.decisionSamples).max() ?? 0 }

    /// Prompts whose onset lies in `searchRange` and whose decision stretch has fully
    /// arrived, in order of onset.
    public func recognise(in received: UnsafeBufferPointer<Int16>, onsetsIn searchRange: Range<Int>) -> [Recognition] {
        let start = max(searchRange.lowerBound, 0)
        guard start < received.count else { return [] }
        let blocks = (received.count - start) / Envelope.blockSamples
        let levels = Envelope.levels(received, from: start, blocks: blocks)
        var found: [Recognition] = []
        for (index, reference) in references.enumerated() where reference.decisionBlocks >= 5 {
            let length = reference.decisionBlocks
            guard blocks >= length else { continue }
            let window = levels.max() ?? -100
            let lastCandidate = min(blocks - length, (searchRange.upperBound - start) / Envelope.blockSamples)
            guard lastCandidate >= 0 else { continue }
            var scores = [Float](repeating: 0, count: lastCandidate + 1)
            for candidate in 0...lastCandidate {
                scores[candidate] = Envelope.correlation(
                    levels[candidate ..< candidate + length], floorA: window - Self.dynamicRange,
                    reference.levels[0 ..< length], floorB: reference.floor)
            }
            for candidate in 0...lastCandidate where scores[candidate] >= Self.envelopeThreshold {
                // Local maxima only: neighbours of a true onset score nearly as well.
                let left = candidate > 0 ? scores[candidate - 1] : -1
                let right = candidate < lastCandidate ? scores[candidate + 1] : -1
                guard scores[candidate] >= left, scores[candidate] > right else { continue }
                let coarse = start + candidate * Envelope.blockSamples
                if let verified = verify(reference, index: index, near: coarse, in: received),
                   searchRange.contains(verified.onset) {
                    found.append(verified)
                }
            }
        }
        return Self.resolveOverlaps(found, references: references)
    }

    /// The end (exclusive) of the stretch after `recognition.onset` in which the prompt
    /// was still audibly playing. Judged on 30 ms windows stepped by 10 ms, so the end
    /// can lie up to 20 ms after the true stop, never before it.
    public func playedUntil(_ recognition: Recognition, in received: UnsafeBufferPointer<Int16>) -> Int {
        let reference = references[recognition.promptIndex]
        let blockSamples = Envelope.blockSamples
        let window = 3 * blockSamples
        let strong = (reference.levels.max() ?? -100) - 30
        var end = recognition.onset
        var missesInARow = 0
        var block = 0
        while (block + 3) * blockSamples <= reference.samples.count,
              recognition.onset + block * blockSamples + window <= received.count {
            let loudest = reference.levels[block ..< block + 3].max() ?? -100
            if loudest >= strong {
                let score = reference.samples.withUnsafeBufferPointer { prompt in
                    Self.normalisedCorrelation(received, at: recognition.onset + block * blockSamples,
                                               prompt, at: block * blockSamples, count: window)
                }
                if score >= Self.continuationThreshold {
                    end = recognition.onset + block * blockSamples + window
                    missesInARow = 0
                } else {
                    missesInARow += 1
                    if missesInARow >= 20 { break }
                }
            }
            block += 1
        }
        return end
    }

    /// True when every 10 ms block of `range` is within 10 dB of the line's noise floor
    /// (estimated from the quietest tenth of everything received), or below −60 dBFS.
    public func isSilent(_ received: UnsafeBufferPointer<Int16>, range: Range<Int>) -> Bool {
        let clamped = max(range.lowerBound, 0) ..< min(range.upperBound, received.count)
        guard clamped.count >= Envelope.blockSamples else { return true }
        let all = Envelope.levels(received, from: 0, blocks: received.count / Envelope.blockSamples).sorted()
        let floor = all.isEmpty ? -100 : all[all.count / 10]
        let limit = max(floor + 10, -60)
        let blocks = clamped.count / Envelope.blockSamples
        return Envelope.levels(received, from: clamped.lowerBound, blocks: blocks).allSatisfy { $0 < limit }
    }

    // MARK: - Verification

    private func verify(_ reference: Reference, index: Int, near coarse: Int,
                        in received: UnsafeBufferPointer<Int16>) -> Recognition? {
        let length = reference.decisionSamples
        let reach = Envelope.blockSamples
        // Find the lag on the loudest 100 ms of the prompt's decision stretch.
        let probe = loudestStretch(reference, samples: 800)
        var bestLag = coarse
        var bestScore: Float = -1
        reference.samples.withUnsafeBufferPointer { prompt in
            for lag in max(coarse - reach, 0) ... coarse + reach {
                guard lag + probe.lowerBound + probe.count <= received.count else { break }
                let score = Self.normalisedCorrelation(received, at: lag + probe.lowerBound,
                                                       prompt, at: probe.lowerBound, count: probe.count)
                if score > bestScore {
                    bestScore = score
                    bestLag = lag
                }
            }
        }
        guard bestScore >= Self.acceptThreshold, bestLag + length <= received.count else { return nil }
        let score = reference.samples.withUnsafeBufferPointer { prompt in
            Self.normalisedCorrelation(received, at: bestLag, prompt, at: 0, count: length)
        }
        guard score >= Self.acceptThreshold else { return nil }
        return Recognition(promptIndex: index, name: reference.name, onset: bestLag, score: Double(score))
    }

    private func loudestStretch(_ reference: Reference, samples: Int) -> Range<Int> {
        let blocks = samples / Envelope.blockSamples
        let usable = max(reference.decisionBlocks - blocks, 0)
        var best = 0
        var bestSum: Float = -.infinity
        for start in 0...usable {
            let end = min(start + blocks, reference.levels.count)
            let sum = reference.levels[start ..< end].reduce(0, +)
            if sum > bestSum {
                bestSum = sum
                best = start
            }
        }
        let lower = best * Envelope.blockSamples
        return lower ..< min(lower + samples, reference.decisionSamples)
    }

    static func normalisedCorrelation(_ a: UnsafeBufferPointer<Int16>, at startA: Int,
                                      _ b: UnsafeBufferPointer<Int16>, at startB: Int, count: Int) -> Float {
        var sumAB: Float = 0, sumAA: Float = 0, sumBB: Float = 0
        for offset in 0..<count {
            let x = Float(a[startA + offset]), y = Float(b[startB + offset])
            sumAB += x * y
            sumAA += x * x
            sumBB += y * y
        }
        guard sumAA > 0, sumBB > 0 else { return 0 }
        return sumAB / (sumAA * sumBB).squareRoot()
    }

    /// Two recognitions closer than the earlier one's decision stretch cannot both be
    /// right: keep the better score.
    private static func resolveOverlaps(_ found: [Recognition], references: [Reference]) -> [Recognition] {
        var kept: [Recognition] = []
        for candidate in found.sorted(by: { $0.score > $1.score }) {
            let clashes = kept.contains { other in
                let (first, second) = other.onset <= candidate.onset ? (other, candidate) : (candidate, other)
                let span = min(references[first.promptIndex].decisionSamples, references[first.promptIndex].samples.count)
                return second.onset - first.onset < span / 2
            }
            if !clashes { kept.append(candidate) }
        }
        return kept.sorted { $0.onset < $1.onset }
    }
}
