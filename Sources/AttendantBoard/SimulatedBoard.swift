import AttendantDSP

/// How the simulated exchange tells a port that the far end hung up.
public enum DisconnectSignal: Sendable, Equatable {
    /// A break in loop current (CPC), which the board reports as a signal.
    case loopCurrentDrop
    /// No signalling at all: the exchange plays its region's busy tone on the line.
    case busyTone(TonePlan)
}

/// A board of FXO lines whose far ends are programs, with a line model on each line.
///
/// The board keeps its own frame count; `readFrame` advances it. Calls are placed
/// from the far end's side with `placeCall`, like a phone dialling the office:
/// ```swift
/// let board = SimulatedBoard(portCount: 4)
/// board.placeCall(toPort: 0, from: caller, callerNumber: "5551234")
/// ```
/// Everything runs on the thread that drives the frames (the media thread).
public final class SimulatedBoard: TelephonyBoard {
    public let portKinds: [PortKind]
    public let lineSettings: LineModelSettings
    private let lines: [SimulatedLine]
    private var signals = SignalQueue(capacity: 256)
    private var scratch: UnsafeMutableBufferPointer<Int16>
    public private(set) var frame: Int64 = 0

    public init(portCount: Int = 4, line settings: LineModelSettings = LineModelSettings(),
                cadence: RingCadence = .northAmerica, callerID: CallerIDStandard = .bellcoreClass,
                disconnect: DisconnectSignal = .loopCurrentDrop) {
        precondition(portCount > 0, "a board has at least one port")
        portKinds = Array(repeating: .fxo, count: portCount)
        lineSettings = settings
        lines = (0..<portCount).map { SimulatedLine(index: $0, settings: settings, cadence: cadence, callerID: callerID,
                                       disconnect: disconnect) }
        scratch = .allocate(capacity: AudioFormat.samplesPerFrame)
        scratch.initialize(repeating: 0)
    }

    deinit { scratch.deallocate() }

    /// The exchange rings `port` for a call from `farEnd`. Returns false if the line is busy.
    @discardableResult
    public func placeCall(toPort port: Int, from farEnd: FarEnd, callerNumber: String? = nil) -> Bool {
        lines[port].placeCall(from: farEnd, callerNumber: callerNumber, frame: frame)
    }

    /// The far end on `port` hangs up.
    public func hangUp(port: Int) {
        lines[port].farEndHangUp(signals: &signals)
    }

    public func isLineBusy(port: Int) -> Bool { lines[port].isBusy }

    public func farEnd(onPort port: Int) -> FarEnd? { lines[port].farEnd }

    /// Signals that did not fit the queue; non-zero means the engine fell behind.
    public var droppedSignals: Int { signals.dropped }

    public func readFrame(into capture: UnsafeMutableBufferPointer<Int16>) {
        frame += 1
        let size = AudioFormat.samplesPerFrame
        // Index loops: an array iterator may allocate where it is not specialised (debug builds).
        for index in 0..<lines.count {
            let line = lines[index]
            line.advanceSignalling(frame: frame, signals: &signals)
            let slice = UnsafeMutableBufferPointer(rebasing: capture[line.index * size ..< (line.index + 1) * size])
            line.fillCapture(slice, frame: frame)
        }
    }

    public func writeFrame(_ playback: UnsafeBufferPointer<Int16>) {
        let size = AudioFormat.samplesPerFrame
        for index in 0..<lines.count {
            let line = lines[index]
            let source = UnsafeBufferPointer(rebasing: playback[line.index * size ..< (line.index + 1) * size])
            _ = scratch.update(fromContentsOf: source)
            line.deliverPlayback(scratch, frame: frame)
        }
    }

    public func nextSignal() -> PortSignal? { signals.pop() }

    public func setHook(_ state: HookState, port: Int) {
        lines[port].setHook(state, frame: frame, signals: &signals)
    }
}
