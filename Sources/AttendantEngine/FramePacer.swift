#if canImport(Glibc)
import Glibc
#endif
import AttendantDSP

/// Paces a frame loop by the monotonic clock: one frame every 20 ms, sleeping to an
/// absolute deadline so that lateness never accumulates. Used where no hardware
/// clock paces the engine (the simulated board in `attendant run`); an ALSA board
/// is paced by its codec instead.
public struct FramePacer {
    public struct Statistics: Sendable, Equatable {
        public var frames: Int64 = 0
        /// Frames whose processing ended after their period was over.
        public var lateFrames: Int64 = 0
        /// Longest processing time of one frame, in microseconds.
        public var maxProcessingMicroseconds: Int64 = 0
        /// Times the loop fell more than a second behind and skipped ahead.
        public var resynchronisations: Int64 = 0
    }

    public private(set) var statistics = Statistics()
    private var deadline = Glibc.timespec()
    private static let periodNanoseconds = Int64(AudioFormat.frameMilliseconds) * 1_000_000

    public init() {
        clock_gettime(CLOCK_MONOTONIC, &deadline)
    }

    /// Call after each frame's work: records its cost, then sleeps until the next period.
    public mutating func waitForNextFrame() {
        var now = Glibc.timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let started = Self.nanoseconds(deadline)
        let spent = Self.nanoseconds(now) - started
        statistics.frames += 1
        statistics.maxProcessingMicroseconds = max(statistics.maxProcessingMicroseconds, spent / 1000)
        var next = started + Self.periodNanoseconds
        if Self.nanoseconds(now) > next {
            statistics.lateFrames += 1
            if Self.nanoseconds(now) - next > 1_000_000_000 {
                // Suspended or starved for over a second: catching up would only burst.
                statistics.resynchronisations += 1
                next = Self.nanoseconds(now)
            }
        }
        deadline = Self.makeTimespec(next)
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
    }

    private static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    private static func makeTimespec(_ nanoseconds: Int64) -> Glibc.timespec {
        Glibc.timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
    }
}
