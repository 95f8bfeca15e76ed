/// Audio facts shared by every layer: 8 kHz, 16-bit linear, 20 ms frames.
public enum AudioFormat {
    public static let sampleRate = 8000
    public static let samplesPerFrame = 160
    public static let frameMilliseconds = 20

    /// Frames needed to cover `milliseconds`, rounded up so a timeout never fires early.
    public static func frames(milliseconds: Int) -> Int {
        (milliseconds + frameMilliseconds - 1) / frameMilliseconds
    }

    public static func samples(milliseconds: Int) -> Int {
        milliseconds * sampleRate / 1000
    }
}
