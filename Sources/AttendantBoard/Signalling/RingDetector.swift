/// Turns a ring-detect input into rings, on the board's frame clock.
///
/// Ring-detect circuits either hold their output while ring voltage is present or
/// pulse at the ring frequency (20–25 Hz); both count as "active" for as long as
/// edges keep coming. A burst shorter than the minimum is not a ring. Bursts close
/// together (the 0.4 s gap of a distinctive double ring) belong to one ring, so the
/// engine's ring count counts cadence cycles, not bursts. When a ring ends, its
/// on/off pattern is matched against the board's cadences.
public struct RingDetector: Sendable {
    public enum Event: Sendable, Equatable {
        /// The first burst of a ring lasted the minimum: answer-side counting starts.
        case ringStarted
        /// The line has been quiet long enough for the ring to be over; `cadence` is the
        /// index of the matching named cadence, if any.
        case ringStopped(cadence: Int?)
    }

    private let settings: RingDetection
    private let cadences: [NamedCadence]
    /// A gap longer than this ends the ring (the cycle's long off time begins).
    private let cycleGapMilliseconds: Int
    private var burstStart: Int?
    private var lastActivity = 0
    private var ringing = false
    /// The current ring's on and off times, alternating, starting with on.
    private var pattern: [Int] = []

    public init(settings: RingDetection, cadences: [NamedCadence]) {
        self.settings = settings
        self.cadences = cadences
        let innerGaps = cadences.flatMap { cadence in
            stride(from: 1, to: cadence.milliseconds.count - 1, by: 2).map { cadence.milliseconds[$0] }
        }
        cycleGapMilliseconds = max(settings.releaseMilliseconds * 2, (innerGaps.max() ?? 0) * 3 / 2, 1000)
        pattern.reserveCapacity(16)
    }

    /// Feeds the input's activity over the frame ending at `now` (milliseconds on the
    /// board's clock).
    public mutating func update(active: Bool, at now: Int) -> Event? {
        if active {
            if burstStart == nil {
                if ringing, pattern.count < 16 { pattern.append(now - lastActivity) }
                burstStart = now
            }
            lastActivity = now
            if !ringing, let start = burstStart, now - start >= settings.minimumBurstMilliseconds {
                ringing = true
                return .ringStarted
            }
            return nil
        }
        if let start = burstStart, now - lastActivity >= settings.releaseMilliseconds {
            burstStart = nil
            if ringing, pattern.count < 16 { pattern.append(lastActivity - start) }
            // A burst too short to count, with no ring under way, leaves nothing behind.
        }
        if ringing, burstStart == nil, now - lastActivity >= cycleGapMilliseconds {
            ringing = false
            let matched = matchingCadence()
            pattern.removeAll(keepingCapacity: true)
            return .ringStopped(cadence: matched)
        }
        return nil
    }

    /// The named cadence whose on/off times, up to its final off time, are within a
    /// quarter (or 150 ms) of what this ring did.
    private func matchingCadence() -> Int? {
        // Index loops: this runs on the media thread.
        for index in 0..<cadences.count {
            let expected = cadences[index].milliseconds
            guard expected.count - 1 == pattern.count else { continue }
            var matches = true
            for step in 0..<pattern.count where abs(expected[step] - pattern[step]) > max(expected[step] / 4, 150) {
                matches = false
            }
            if matches { return index }
        }
        return nil
    }
}
