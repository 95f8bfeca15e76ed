import Atomics
import Glibc

/// A histogram of durations in 100 µs steps up to 100 ms, written by the media thread
/// without locks or allocation and read by the console for percentiles.
public final class DurationHistogram: @unchecked Sendable {
    static let bucketMicroseconds = 100
    static let bucketCount = 1000
    private let buckets: UnsafeMutablePointer<UnsafeAtomic<Int>.Storage>
    private let total = ManagedAtomic<Int>(0)
    private let longest = ManagedAtomic<Int>(0)

    init() {
        buckets = .allocate(capacity: Self.bucketCount + 1)
        for index in 0...Self.bucketCount { (buckets + index).initialize(to: .init(0)) }
    }

    deinit { buckets.deallocate() }

    private func bucket(_ index: Int) -> UnsafeAtomic<Int> { UnsafeAtomic(at: buckets + index) }

    func record(microseconds: Int) {
        bucket(min(max(0, microseconds) / Self.bucketMicroseconds, Self.bucketCount)).wrappingIncrement(ordering: .relaxed)
        total.wrappingIncrement(ordering: .relaxed)
        if microseconds > longest.load(ordering: .relaxed) { longest.store(microseconds, ordering: .relaxed) }
    }

    public var count: Int { total.load(ordering: .relaxed) }
    public var maximumMicroseconds: Int { longest.load(ordering: .relaxed) }

    /// The duration below which `fraction` of the recorded ones fall (upper bucket edge).
    public func percentile(_ fraction: Double) -> Int {
        let wanted = Int((Double(count) * fraction).rounded(.up))
        var seen = 0
        for index in 0...Self.bucketCount {
            seen += bucket(index).load(ordering: .relaxed)
            if seen >= max(1, wanted) { return (index + 1) * Self.bucketMicroseconds }
        }
        return maximumMicroseconds
    }
}

/// Counters of the hardware path, for `show stats` and `make bench`.
public final class HardwareStatistics: Sendable {
    public let frames = ManagedAtomic<Int>(0)
    /// Overruns and underruns the streams recovered from.
    public let xruns = ManagedAtomic<Int>(0)
    public let suspends = ManagedAtomic<Int>(0)
    /// Transfers that failed outright; the frame went on as silence.
    public let transferFailures = ManagedAtomic<Int>(0)
    /// Waits for the capture clock that timed out (a stalled device).
    public let clockTimeouts = ManagedAtomic<Int>(0)
    public let gpioFailures = ManagedAtomic<Int>(0)
    /// Frames whose processing took longer than the period.
    public let lateFrames = ManagedAtomic<Int>(0)
    /// Time between one frame's audio arriving and the next's (20 ms when all is well).
    public let interval = DurationHistogram()
    /// Time from a frame's audio arriving to its playback being handed over.
    public let processing = DurationHistogram()

    init() {}
}

enum MonotonicClock {
    static func microseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1_000_000 + now.tv_nsec / 1000
    }
}

extension HardwareStatistics {
    /// For `show stats`: xruns and the like, and frame timing percentiles.
    public func lines() -> [String] {
        func timing(_ histogram: DurationHistogram) -> String {
            guard histogram.count > 0 else { return "none yet" }
            let percentiles = [0.5, 0.99, 0.999].map { "p\(($0 * 100).formatted())=\(histogram.percentile($0))" }
            return percentiles.joined(separator: " ") + " max=\(histogram.maximumMicroseconds) µs"
        }
        return [
            "audio xruns           \(xruns.load(ordering: .relaxed))",
            "audio suspends        \(suspends.load(ordering: .relaxed))",
            "audio failures        \(transferFailures.load(ordering: .relaxed))",
            "clock timeouts        \(clockTimeouts.load(ordering: .relaxed))",
            "gpio failures         \(gpioFailures.load(ordering: .relaxed))",
            "frames late           \(lateFrames.load(ordering: .relaxed)) (processing over 20000 µs)",
            "frame interval        \(timing(interval))",
            "frame processing      \(timing(processing))",
        ]
    }
}
