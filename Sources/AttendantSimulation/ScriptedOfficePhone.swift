import AttendantBoard
import AttendantDSP

/// The desk phone a phone script drives: its handset, as the script lifts and puts it
/// down, with everything it hears and says going through a `ListeningCaller`.
final class ScriptedOfficePhone: OfficePhone {
    let listener: ListeningCaller
    private(set) var isOffHook = false
    private(set) var isRinging = false
    private var flashEndsAt: Int64?
    private var frame: Int64 = 0

    /// Decodes what the line carries while on hook: the visual message-waiting indicator.
    private let display = CallerIDReceiver()

    init(listener: ListeningCaller) { self.listener = listener }

    /// The message-waiting indicator as the phone's display last showed it; nil: never sent.
    var messageWaitingShown: Bool? { display.messageWaiting }

    func receiveOnHook(_ audio: UnsafeBufferPointer<Int16>, frame: Int64) { display.process(audio) }

    var isFlashing: Bool { flashEndsAt != nil }

    func lift() { isOffHook = true }
    func putDown() { isOffHook = false }

    func flash() {
        guard isOffHook else { return }
        isOffHook = false
        flashEndsAt = frame + 300 / Int64(AudioFormat.frameMilliseconds)
    }

    func ringing(_ on: Bool, frame: Int64) { isRinging = on }

    func advance(frame: Int64) {
        self.frame = frame
        if let flashEndsAt, frame >= flashEndsAt {
            self.flashEndsAt = nil
            isOffHook = true
        }
    }

    func send(into audio: UnsafeMutableBufferPointer<Int16>, frame: Int64) { listener.send(into: audio, frame: frame) }
    func receive(_ audio: UnsafeBufferPointer<Int16>, frame: Int64) { listener.receive(audio, frame: frame) }

    // A flash is not the end of the call: the listener hears one call from lift to hang-up.
    func answered(frame: Int64) { if flashEndsAt == nil { listener.answered(frame: frame) } }
    func released(frame: Int64) { if flashEndsAt == nil { listener.released(frame: frame) } }
}
