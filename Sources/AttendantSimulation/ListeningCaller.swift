import AttendantBoard
import AttendantDSP

/// A far end that presses keys as real DTMF audio and keeps everything it hears, so
/// that what it heard can be recognised from the audio alone.
public final class ListeningCaller: FarEnd {
    public private(set) var received: [Int16] = []
    /// Frame at which each received sample block began, to turn sample indices into time.
    public private(set) var firstReceivedFrame: Int64?
    public private(set) var answeredFrame: Int64?
    public private(set) var releasedFrame: Int64?
    private let generator = DTMFGenerator()
    private var pendingToneSamples = 0
    /// What the caller says down the line (a recording), and how much of it is said.
    private var speech: [Int16] = []
    private var speechPosition = 0

    public init(expectedSeconds: Int = 120) {
        received.reserveCapacity(expectedSeconds * AudioFormat.sampleRate)
        stretches.reserveCapacity(256)  // it is called on the media thread: no allocation per call
    }

    /// Queues keys to send as tones of `toneMilliseconds` separated by `gapMilliseconds`.
    public func press(_ digits: String, toneMilliseconds: Int = 80, gapMilliseconds: Int = 80) {
        generator.setTiming(toneMilliseconds: toneMilliseconds, gapMilliseconds: gapMilliseconds)
        generator.enqueue(digits)
        pendingToneSamples += digits.count * AudioFormat.samples(milliseconds: toneMilliseconds + gapMilliseconds)
    }

    /// Whether keys are still being sent.
    public var isPressing: Bool { pendingToneSamples > 0 }

    /// Says a recording down the line, from the next frame on (over any keys being sent).
    public func say(_ samples: [Int16]) {
        speech = samples
        speechPosition = 0
    }

    public var isSpeaking: Bool { speechPosition < speech.count }

    public func send(into audio: UnsafeMutableBufferPointer<Int16>, frame: Int64) {
        generator.generate(into: audio)
        pendingToneSamples = max(0, pendingToneSamples - audio.count)
        var index = 0
        while index < audio.count, speechPosition < speech.count {
            audio[index] = Int16(clamping: Int32(audio[index]) + Int32(speech[speechPosition]))
            index += 1
            speechPosition += 1
        }
    }

    public func receive(_ audio: UnsafeBufferPointer<Int16>, frame: Int64) {
        if firstReceivedFrame == nil { firstReceivedFrame = frame }
        // A phone hears nothing while on hook: a new stretch starts where the frames jump.
        if frame != lastReceivedFrame + 1 { stretches.append((received.count, frame)) }
        lastReceivedFrame = frame
        received.append(contentsOf: audio)
    }

    /// Where each unbroken stretch of received audio starts: sample index and frame.
    private var stretches: [(sample: Int, frame: Int64)] = []
    private var lastReceivedFrame: Int64 = -2

    /// A phone lifted again after it was put down starts a new call.
    public func answered(frame: Int64) {
        answeredFrame = frame
        releasedFrame = nil
    }

    /// The call is over: keys and speech still to send are not waited for.
    public func released(frame: Int64) {
        releasedFrame = frame
        pendingToneSamples = 0
        speechPosition = speech.count
    }

    /// The frame during which received sample `index` was heard.
    public func frame(ofSample index: Int) -> Int64? {
        guard let stretch = stretches.last(where: { $0.sample <= index }) else { return nil }
        return stretch.frame + Int64((index - stretch.sample) / AudioFormat.samplesPerFrame)
    }
}
