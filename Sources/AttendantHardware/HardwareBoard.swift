import AttendantBoard
import AttendantDSP
import Glibc

/// A telephony board on real hardware: ALSA PCMs carry the ports' audio, GPIO lines
/// their signalling, as a board file describes them.
///
/// ```swift
/// let board = try HardwareBoard(description: description, gpio: GPIODChips())
/// let engine = MediaEngine(board: board, program: program)
/// while running { engine.processFrame() }   // paced by the capture clock
/// ```
/// All ports run on one clock: the first capture stream's, with every other stream
/// linked to it where the driver allows. `readFrame` waits on that clock. An xrun or a
/// suspend is recovered within the frame (the lost audio becomes silence), counted in
/// `statistics`, and calls go on.
public final class HardwareBoard: TelephonyBoard {
    /// The board file this board was opened from.
    public let definition: BoardDescription
    public let portKinds: [PortKind]
    public let statistics = HardwareStatistics()
    /// Whether every stream joined the first capture's clock (`snd_pcm_link`).
    public let streamsLinked: Bool

    private let captures: [PCMStream]
    private let playbacks: [PCMStream]
    private let capturePlaces: [(device: Int, channel: Int)]
    private let playbackPlaces: [(device: Int, channel: Int)]
    private let signalling: [PortSignalling]
    private var signals = SignalQueue(capacity: 256)
    private var frame = 0
    private var lastArrival = 0
    private var arrival = 0
    private var started = false
    private let primePeriods: Int

    public convenience init(description: BoardDescription, gpio: GPIOLineProvider, consumer: String = "attendant") throws(HardwareBoardError) {
        try self.init(description: description, gpio: gpio, consumer: consumer, calls: .system)
    }

    init(description: BoardDescription, gpio: GPIOLineProvider, consumer: String, calls: ALSACalls) throws(HardwareBoardError) {
        definition = description
        portKinds = description.ports.map(\.kind)
        func open(_ direction: PCMStream.Direction, _ side: KeyPath<PortDescription, PCMChannel>)
            throws(HardwareBoardError) -> ([PCMStream], [(device: Int, channel: Int)]) {
            let (devices, places) = description.pcmDevices(side)
            var streams: [PCMStream] = []
            for device in devices {
                do {
                    streams.append(try PCMStream(device: device.name, direction: direction, channels: device.channels,
                                                 audio: description.audio, calls: calls))
                } catch {
                    throw .audio(error)
                }
            }
            return (streams, places)
        }
        (captures, capturePlaces) = try open(.capture, \.capture)
        (playbacks, playbackPlaces) = try open(.playback, \.playback)
        var linked = true
        for stream in captures.dropFirst() + playbacks where !captures[0].link(stream) { linked = false }
        streamsLinked = linked
        // Half the buffer of silence ahead of the first frame: room for a late frame.
        primePeriods = max(1, description.audio.bufferPeriods / 2)
        var signalling: [PortSignalling] = []
        for (index, port) in definition.ports.enumerated() {
            do {
                signalling.append(try PortSignalling(port: port, index: index, board: description, gpio: gpio, consumer: consumer))
            } catch {
                throw .gpio(error)
            }
        }
        self.signalling = signalling
        try prepareStreams()
    }

    public var pacesItself: Bool { true }

    // MARK: - Audio

    public func readFrame(into capture: UnsafeMutableBufferPointer<Int16>) {
        if !started {
            // The clock starts with the media loop: started earlier, the capture buffer
            // would overrun while the rest of the appliance is still being built.
            started = true
            startStreams()
        }
        if captures[0].waitUntilReady(milliseconds: 1000) == 0 { statistics.clockTimeouts.wrappingIncrement(ordering: .relaxed) }
        for index in 0..<captures.count { transfer(captures[index]) }
        arrival = MonotonicClock.microseconds()
        if lastArrival != 0 { statistics.interval.record(microseconds: arrival - lastArrival) }
        lastArrival = arrival
        let size = AudioFormat.samplesPerFrame
        for port in 0..<capturePlaces.count {
            let place = capturePlaces[port]
            captures[place.device].extract(channel: place.channel,
                                           into: UnsafeMutableBufferPointer(rebasing: capture[port * size ..< (port + 1) * size]))
        }
        frame += 1
        let now = frame * AudioFormat.frameMilliseconds
        for index in 0..<signalling.count { signalling[index].advance(at: now, into: &signals, statistics: statistics) }
        statistics.frames.wrappingIncrement(ordering: .relaxed)
    }

    public func writeFrame(_ playback: UnsafeBufferPointer<Int16>) {
        let size = AudioFormat.samplesPerFrame
        for port in 0..<playbackPlaces.count {
            let place = playbackPlaces[port]
            playbacks[place.device].insert(channel: place.channel,
                                           from: UnsafeBufferPointer(rebasing: playback[port * size ..< (port + 1) * size]))
        }
        for index in 0..<playbacks.count { transfer(playbacks[index]) }
        let spent = MonotonicClock.microseconds() - arrival
        statistics.processing.record(microseconds: spent)
        if spent > AudioFormat.frameMilliseconds * 1000 { statistics.lateFrames.wrappingIncrement(ordering: .relaxed) }
    }

    /// Moves one frame; on an xrun or suspend restarts every stream and tries once more.
    /// A frame that still cannot move is silence: the call goes on.
    private func transfer(_ stream: PCMStream) {
        var outcome = stream.transfer()
        if outcome == .transferred { return }
        switch outcome {
        case .xrun:
            statistics.xruns.wrappingIncrement(ordering: .relaxed)
        case .suspended:
            statistics.suspends.wrappingIncrement(ordering: .relaxed)
            for index in 0..<captures.count { _ = captures[index].resume() }
            for index in 0..<playbacks.count { _ = playbacks[index].resume() }
        default:
            break
        }
        restartStreams()
        outcome = stream.transfer()
        if outcome != .transferred {
            statistics.transferFailures.wrappingIncrement(ordering: .relaxed)
            if stream.direction == .capture { stream.fillSilence() }
        }
    }

    /// Prepares every stream and primes playback with silence; reports what fails.
    private func prepareStreams() throws(HardwareBoardError) {
        for stream in captures + playbacks {
            let result = stream.prepare()
            if result < 0 { throw .audio(ALSAError(device: stream.device, operation: "prepare", code: result)) }
        }
        for stream in playbacks where stream.prime(periods: primePeriods) != .transferred {
            throw .audio(ALSAError(device: stream.device, operation: "prime playback", code: -EIO))
        }
    }

    /// Starts the clock: linked streams together, unlinked ones one after the other.
    private func startStreams() {
        if streamsLinked {
            _ = captures[0].start()
        } else {
            for index in 0..<captures.count { _ = captures[index].start() }
            for index in 0..<playbacks.count { _ = playbacks[index].start() }
        }
    }

    /// After an xrun or a suspend: prepare, prime and start again. Failures show on
    /// the next transfer, which then counts as failed.
    private func restartStreams() {
        for index in 0..<captures.count { _ = captures[index].prepare() }
        for index in 0..<playbacks.count {
            _ = playbacks[index].prepare()
            _ = playbacks[index].prime(periods: primePeriods)
        }
        startStreams()
    }

    // MARK: - Signalling

    public func nextSignal() -> PortSignal? { signals.pop() }

    public func setHook(_ state: HookState, port: Int) {
        signalling[port].setHook(state, statistics: statistics)
    }

    public func setMessageWaiting(_ waiting: Bool, port: Int) {
        signalling[port].setMessageWaiting(waiting, statistics: statistics)
    }

    public func setRinging(_ ringing: Bool, port: Int) {
        signalling[port].setRinging(ringing, at: frame * AudioFormat.frameMilliseconds, statistics: statistics)
    }

    /// One line per port for `show stats`; safe from any thread.
    public func portLines() -> [String] {
        definition.ports.enumerated().map { index, port in
            let counters = signalling[index].counters
            let hook = counters.offHook.load(ordering: .relaxed) ? "off hook" : "on hook"
            switch port.kind {
            case .fxo:
                let cadence = counters.lastCadence.load(ordering: .relaxed)
                let rings = counters.rings.load(ordering: .relaxed)
                let name = rings == 0 ? "no rings yet" : cadence >= 0 ? "last cadence \(definition.cadences[cadence].name)" : "no cadence matched"
                return "port \(port.number) FXO        \(hook), \(rings) rings, \(name)"
            case .fxs:
                return "port \(port.number) FXS        \(hook), \(counters.flashes.load(ordering: .relaxed)) flashes, \(counters.hangUps.load(ordering: .relaxed)) hang-ups"
            }
        }
    }
}

public enum HardwareBoardError: Error, CustomStringConvertible {
    case audio(ALSAError)
    case gpio(GPIOError)

    public var description: String {
        switch self {
        case .audio(let error): "audio: \(error)"
        case .gpio(let error): "GPIO: \(error)"
        }
    }
}
