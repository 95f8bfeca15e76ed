import AttendantBoard
import AttendantDSP

/// An agent's desk phone on a simulated FXS port: rings, is picked up after a while,
/// says a recording, and is put down after a while; keeps all it heard, so a test
/// can judge the agent's side of a call on the audio too.
public final class AnsweringPhone: OfficePhone {
    public let listener = ListeningCaller()
    private let answerAfterFrames: Int64?
    private let greeting: [Int16]
    private let hangUpAfterFrames: Int64?
    private var ringingSince: Int64?
    private var answeredAt: Int64?
    public private(set) var isOffHook = false
    public private(set) var timesRung = 0

    /// - Parameters:
    ///   - answerAfterSeconds: how long it rings before it is picked up; nil: never.
    ///   - greeting: said as soon as it is picked up.
    ///   - hangUpAfterSeconds: how long after pick-up it is put down; nil: not by itself.
    public init(answerAfterSeconds: Double?, greeting: [Int16] = [], hangUpAfterSeconds: Double? = nil) {
        answerAfterFrames = answerAfterSeconds.map { Int64($0 * 1000) / Int64(AudioFormat.frameMilliseconds) }
        self.greeting = greeting
        hangUpAfterFrames = hangUpAfterSeconds.map { Int64($0 * 1000) / Int64(AudioFormat.frameMilliseconds) }
    }

    private var flashEndsAt: Int64?
    private var frame: Int64 = 0

    /// Puts the handset down now.
    public func hangUp() { isOffHook = false }

    /// Presses the hook for 300 ms and lets go: a hook flash (consult, transfer, 3-way).
    public func flash() {
        guard isOffHook else { return }
        isOffHook = false
        flashEndsAt = frame + 300 / Int64(AudioFormat.frameMilliseconds)
    }

    /// Lifts the handset now (to dial, or to answer a ringing phone).
    public func pickUp() { isOffHook = true }

    /// Dials keys as DTMF tones (after `pickUp`).
    public func dial(_ keys: String) { listener.press(keys) }

    /// Says a recording into the phone.
    public func say(_ samples: [Int16]) { listener.say(samples) }

    public func ringing(_ on: Bool, frame: Int64) {
        ringingSince = on ? frame : nil
        if on { timesRung += 1 }
    }

    public func send(into audio: UnsafeMutableBufferPointer<Int16>, frame: Int64) {
        listener.send(into: audio, frame: frame)
    }

    public func receive(_ audio: UnsafeBufferPointer<Int16>, frame: Int64) {
        listener.receive(audio, frame: frame)
        if let answeredAt, let hangUpAfterFrames, frame - answeredAt >= hangUpAfterFrames { isOffHook = false }
    }

    public func answered(frame: Int64) {
        guard answeredAt == nil else { return }  // back from a hook flash: the same call
        answeredAt = frame
        listener.answered(frame: frame)
        if !greeting.isEmpty { listener.say(greeting) }
    }

    public func released(frame: Int64) {
        guard flashEndsAt == nil else { return }
        answeredAt = nil
        listener.released(frame: frame)
    }

    public func advance(frame: Int64) {
        self.frame = frame
        if let flashEndsAt, frame >= flashEndsAt {
            self.flashEndsAt = nil
            isOffHook = true
            return
        }
        if let ringingSince, let answerAfterFrames, !isOffHook, frame - ringingSince >= answerAfterFrames {
            isOffHook = true
        }
    }
}
