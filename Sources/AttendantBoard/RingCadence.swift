import AttendantDSP

/// A ring pattern: ring on, ring off, repeated (US 2 s / 4 s; UK-style double rings
/// later as more segments).
public struct RingCadence: Sendable, Equatable {
    public var onMilliseconds: Int
    public var offMilliseconds: Int

    public init(onMilliseconds: Int, offMilliseconds: Int) {
        self.onMilliseconds = onMilliseconds
        self.offMilliseconds = offMilliseconds
    }

    public static let northAmerica = RingCadence(onMilliseconds: 2000, offMilliseconds: 4000)
    public static let europe = RingCadence(onMilliseconds: 1000, offMilliseconds: 4000)

    var onFrames: Int64 { Int64(AudioFormat.frames(milliseconds: onMilliseconds)) }
    var periodFrames: Int64 { onFrames + Int64(AudioFormat.frames(milliseconds: offMilliseconds)) }

    /// Whether ring voltage is on `elapsed` frames after ringing began.
    func isRinging(elapsedFrames elapsed: Int64) -> Bool {
        elapsed % periodFrames < onFrames
    }
}
