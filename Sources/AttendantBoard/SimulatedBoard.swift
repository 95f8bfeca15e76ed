import AttendantDSP

/// How the simulated exchange tells a port that the far end hung up.
public enum DisconnectSignal: Sendable, Equatable {
    /// A break in loop current (CPC), which the board reports as a signal.
    case loopCurrentDrop
    /// No signalling at all: the exchange plays its region's busy tone on the line.
    case busyTone(TonePlan)
}

/// A board of FXO lines whose far ends are programs, with a line model on each line,
/// and optionally FXS ports (after the FXO ones) with office phones on them.
///
/// The board keeps its own frame count; `readFrame` advances it. Calls are placed
/// from the far end's side with `placeCall`, like a phone dialling the office:
/// ```swift
/// let board = SimulatedBoard(portCount: 4)
/// board.placeCall(toPort: 0, from: caller, callerNumber: "5551234")
/// ```
/// A port that goes off hook while its line is idle calls out: it hears dial tone,
/// dials DTMF, and reaches the phone listed under that number in `directory`.
/// Everything runs on the thread that drives the frames (the media thread).
public final class SimulatedBoard: TelephonyBoard {
    public let portKinds: [PortKind]
    public let lineSettings: LineModelSettings
    private let lines: [SimulatedLine]
    private let phoneLines: [SimulatedPhoneLine]
    private var signals = SignalQueue(capacity: 256)
    /// The phones calls from the board's FXO ports can reach.
    public let directory = Directory()
    private var scratch: UnsafeMutableBufferPointer<Int16>
    public private(set) var frame: Int64 = 0

    /// - Parameters:
    ///   - portCount: FXO lines, ports 0 ..< portCount.
    ///   - phones: FXS ports after them, for office phones (`attach(_:toPort:)`).
    public init(portCount: Int = 4, phones: Int = 0, line settings: LineModelSettings = LineModelSettings(),
                cadence: RingCadence = .northAmerica, callerID: CallerIDStandard = .bellcoreClass,
                disconnect: DisconnectSignal = .loopCurrentDrop, tones: TonePlan = .northAmerica) {
        precondition(portCount > 0, "a board has at least one port")
        portKinds = Array(repeating: .fxo, count: portCount) + Array(repeating: .fxs, count: phones)
        phoneLines = (0..<phones).map { SimulatedPhoneLine(index: portCount + $0) }
        messageWaitingLamps = Array(repeating: false, count: portKinds.count)
        lineSettings = settings
        let directory = directory
        lines = (0..<portCount).map { SimulatedLine(index: $0, settings: settings, cadence: cadence, callerID: callerID,
                                       disconnect: disconnect, tones: tones, directory: directory) }
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

    /// Puts `phone` on FXS port `port`.
    public func attach(_ phone: OfficePhone, toPort port: Int) {
        precondition(portKinds[port] == .fxs, "port \(port) is not an FXS port")
        phoneLines[port - lines.count].attach(phone)
    }

    public func setRinging(_ ringing: Bool, port: Int) {
        guard port >= lines.count else { return }
        phoneLines[port - lines.count].setRinging(ringing, frame: frame)
    }

    /// Per port: whether its message-waiting lamp is lit, as the engine last set it.
    public private(set) var messageWaitingLamps: [Bool]

    public func setMessageWaiting(_ waiting: Bool, port: Int) {
        messageWaitingLamps[port] = waiting
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
        for index in 0..<phoneLines.count {
            let line = phoneLines[index]
            line.advanceSignalling(frame: frame, signals: &signals)
            line.fillCapture(UnsafeMutableBufferPointer(rebasing: capture[line.index * size ..< (line.index + 1) * size]), frame: frame)
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
        for index in 0..<phoneLines.count {
            let line = phoneLines[index]
            _ = scratch.update(fromContentsOf: UnsafeBufferPointer(rebasing: playback[line.index * size ..< (line.index + 1) * size]))
            line.deliverPlayback(scratch, frame: frame)
        }
    }

    public func nextSignal() -> PortSignal? { signals.pop() }

    public func setHook(_ state: HookState, port: Int) {
        guard port < lines.count else { return }
        lines[port].setHook(state, frame: frame, signals: &signals)
    }
}
