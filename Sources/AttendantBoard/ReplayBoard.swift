import AttendantDSP

/// A board whose ports hear recorded audio, frame after frame, and whose playback
/// goes nowhere. Benchmarks and offline analysis use it: the line model is applied
/// once, beforehand, so that only the engine is measured.
public final class ReplayBoard: TelephonyBoard {
    public let portKinds: [PortKind]
    private let recordings: [[Int16]]
    private var position = 0
    private var signals: SignalQueue
    public private(set) var hooks: [HookState]

    /// - Parameter recordings: one recording per port, all the same length; replay wraps around.
    public init(recordings: [[Int16]]) {
        precondition(!recordings.isEmpty && Set(recordings.map(\.count)).count == 1, "one recording per port, equal lengths")
        self.recordings = recordings
        portKinds = Array(repeating: .fxo, count: recordings.count)
        hooks = Array(repeating: .onHook, count: recordings.count)
        signals = SignalQueue(capacity: max(1024, recordings.count))  // a ring for every port at once
    }

    /// Rings every port once, as a call arriving on each line.
    public func ringAllPorts() {
        for port in portKinds.indices { signals.push(.ringStarted(port: port)) }
    }

    public func readFrame(into capture: UnsafeMutableBufferPointer<Int16>) {
        let size = AudioFormat.samplesPerFrame
        if position + size > recordings[0].count { position = 0 }
        for (port, recording) in recordings.enumerated() {
            recording.withUnsafeBufferPointer { source in
                _ = UnsafeMutableBufferPointer(rebasing: capture[port * size ..< (port + 1) * size])
                    .update(fromContentsOf: UnsafeBufferPointer(rebasing: source[position ..< position + size]))
            }
        }
        position += size
    }

    public func writeFrame(_ playback: UnsafeBufferPointer<Int16>) {}

    public func nextSignal() -> PortSignal? { signals.pop() }

    public func setHook(_ state: HookState, port: Int) { hooks[port] = state }
}
