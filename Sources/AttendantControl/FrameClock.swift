import AttendantDSP
import Foundation

/// Maps the engine's frame count to wall-clock dates. In `attendant run` it starts at
/// the moment the engine started and follows the machine's clock when that is set or
/// drifts from the board's audio clock (`follow`); in simulations it stays where it
/// began, so runs repeat exactly.
///
/// Shared by the control side's parts and read by the console's threads: a lock
/// guards the anchor. The media thread never reads it (it counts frames).
public final class FrameClock: @unchecked Sendable {
    private let lock = NSLock()
    private var anchorFrame: Int64 = 0
    private var anchorDate: Date

    public init(epoch: Date) { anchorDate = epoch }

    public func date(atFrame frame: Int64) -> Date {
        lock.withLock { anchorDate.addingTimeInterval(Self.seconds(frames: frame - anchorFrame)) }
    }

    /// Dates from `frame` on count from `now`, when the two differ by more than
    /// `tolerance` seconds: the machine's clock was set, or the audio clock drifted.
    /// Returns the step taken (seconds; 0 when none).
    @discardableResult
    public func follow(frame: Int64, now: Date, tolerance: Double = 1) -> Double {
        lock.withLock {
            let step = now.timeIntervalSince(anchorDate.addingTimeInterval(Self.seconds(frames: frame - anchorFrame)))
            guard abs(step) > tolerance else { return 0 }
            anchorFrame = frame
            anchorDate = now
            return step
        }
    }

    public static func seconds(frames: Int64) -> Double {
        Double(frames) * Double(AudioFormat.frameMilliseconds) / 1000
    }
}
