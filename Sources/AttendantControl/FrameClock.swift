import AttendantDSP
import Foundation

/// Maps the engine's frame count to wall-clock dates. In `attendant run` the epoch is
/// the moment the engine started; in simulations it is fixed, so runs repeat exactly.
public struct FrameClock: Sendable {
    public let epoch: Date

    public init(epoch: Date) { self.epoch = epoch }

    public func date(atFrame frame: Int64) -> Date {
        epoch.addingTimeInterval(Double(frame) * Double(AudioFormat.frameMilliseconds) / 1000)
    }

    public static func seconds(frames: Int64) -> Double {
        Double(frames) * Double(AudioFormat.frameMilliseconds) / 1000
    }
}
