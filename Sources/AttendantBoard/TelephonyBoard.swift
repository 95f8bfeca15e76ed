/// Which side of the phone network a port faces.
public enum PortKind: String, Sendable, CaseIterable {
    /// A line from the telephone network: it rings us, we answer by closing the hook relay.
    case fxo
    /// One of the office's own phones: we ring it, it goes off hook.
    case fxs
}

public enum HookState: Sendable, Equatable {
    case onHook
    case offHook
}

/// A signalling change a board reports. Ports are numbered from 0 inside the engine.
public enum PortSignal: Sendable, Equatable {
    /// Ring voltage appeared on an FXO line.
    case ringStarted(port: Int)
    /// Ring voltage went away (the silent part of the cadence, or the caller gave up).
    case ringStopped(port: Int)
    /// Loop current dropped on an answered FXO line: the far end hung up.
    case loopCurrentDropped(port: Int)
    /// An FXS phone went off hook.
    case offHook(port: Int)
    /// An FXS phone was put on hook briefly (a hook flash) and picked up again.
    case hookFlash(port: Int)
    /// An FXS phone was hung up.
    case onHook(port: Int)
}

/// The hardware abstraction: a set of ports with audio and signalling.
///
/// Audio moves a frame at a time for all ports at once, port-major
/// (`port * AudioFormat.samplesPerFrame + sample`), so a board costs one call per
/// frame, not one per port or per sample.
public protocol TelephonyBoard: AnyObject {
    var portKinds: [PortKind] { get }

    /// Fills one frame of received audio for every port. A hardware board blocks
    /// here until the codecs have a frame; a simulated board returns at once.
    func readFrame(into capture: UnsafeMutableBufferPointer<Int16>)

    /// Hands one frame of audio for every port to the line.
    func writeFrame(_ playback: UnsafeBufferPointer<Int16>)

    /// The next signalling change since the last call, oldest first.
    func nextSignal() -> PortSignal?

    /// Opens or closes the hook relay of an FXO port (answer / hang up).
    func setHook(_ state: HookState, port: Int)

    /// Starts or stops ringing the phone on an FXS port, with the board's cadence.
    func setRinging(_ ringing: Bool, port: Int)

    /// Lights or darkens the port's message-waiting lamp (the board file's `mwi-led`).
    func setMessageWaiting(_ waiting: Bool, port: Int)

    /// Whether `readFrame` waits for the hardware's clock; otherwise the caller paces.
    var pacesItself: Bool { get }
}

extension TelephonyBoard {
    public var portCount: Int { portKinds.count }

    /// Boards without FXS ports have nothing to ring.
    public func setRinging(_ ringing: Bool, port: Int) {}

    /// Boards without lamps show nothing.
    public func setMessageWaiting(_ waiting: Bool, port: Int) {}

    public var pacesItself: Bool { false }
}
