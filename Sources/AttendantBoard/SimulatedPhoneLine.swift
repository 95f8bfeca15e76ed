import AttendantDSP

/// A phone on one of the office's own (FXS) ports of the simulated board: an agent's
/// desk phone. The board rings it and watches its hook each frame.
public protocol OfficePhone: FarEnd {
    /// The board starts or stops ringing the phone.
    func ringing(_ on: Bool, frame: Int64)
    /// Whether the handset is up; the board reports each change as a hook signal.
    var isOffHook: Bool { get }
    /// Called every frame, on hook or off, before the board looks at the hook.
    func advance(frame: Int64)
    /// What the line carries while the phone is on hook and not ringing: silence, or
    /// signalling such as the visual message-waiting indicator's FSK.
    func receiveOnHook(_ audio: UnsafeBufferPointer<Int16>, frame: Int64)
}

extension OfficePhone {
    /// Phones without a display ignore the line while on hook.
    public func receiveOnHook(_ audio: UnsafeBufferPointer<Int16>, frame: Int64) {}
}

/// The wire between an FXS port and its phone: audio passes while the handset is up,
/// at the level an office phone's short loop gives (no exchange, no echo).
final class SimulatedPhoneLine {
    let index: Int
    private(set) var phone: OfficePhone?
    private var wasOffHook = false
    private var ringing = false
    /// Tells a hook flash (on hook 100-800 ms) from hanging up, as a board's off-hook input is read.
    private var hookMonitor = HookMonitor(debounceMilliseconds: 0, flashMilliseconds: SimulatedPhoneLine.flashMilliseconds)
    static let flashMilliseconds = 100...800

    init(index: Int) { self.index = index }

    func attach(_ phone: OfficePhone) { self.phone = phone }

    func setRinging(_ on: Bool, frame: Int64) {
        guard on != ringing else { return }
        ringing = on
        phone?.ringing(on, frame: frame)
    }

    func advanceSignalling(frame: Int64, signals: inout SignalQueue) {
        phone?.advance(frame: frame)
        let offHook = phone?.isOffHook ?? false
        // Audio passes while the handset is up; the exchange side learns of changes as a board would.
        if offHook != wasOffHook {
            wasOffHook = offHook
            if offHook {
                if ringing { setRinging(false, frame: frame) }
                phone?.answered(frame: frame)
            } else {
                phone?.released(frame: frame)
            }
        }
        switch hookMonitor.update(offHook: offHook, at: Int(frame) * AudioFormat.frameMilliseconds) {
        case .offHook: signals.push(.offHook(port: index))
        case .onHook: signals.push(.onHook(port: index))
        case .flash: signals.push(.hookFlash(port: index))
        case nil: break
        }
    }

    func fillCapture(_ audio: UnsafeMutableBufferPointer<Int16>, frame: Int64) {
        audio.update(repeating: 0)
        guard wasOffHook, let phone else { return }
        phone.send(into: audio, frame: frame)
    }

    /// While it rings, too: caller ID reaches a phone on hook between rings.
    func deliverPlayback(_ audio: UnsafeMutableBufferPointer<Int16>, frame: Int64) {
        guard let phone else { return }
        guard wasOffHook || ringing else {
            phone.receiveOnHook(UnsafeBufferPointer(audio), frame: frame)
            return
        }
        phone.receive(UnsafeBufferPointer(audio), frame: frame)
    }
}
