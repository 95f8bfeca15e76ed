import AttendantDSP
import AttendantBoard
import Atomics

/// Counters the media thread keeps; read them from other threads only as a hint.
public struct EngineStatistics: Sendable, Equatable {
    public var framesProcessed: Int64 = 0
    /// Events refused because the control thread did not keep up.
    public var droppedEvents = 0
    public var callsAnswered = 0
    /// Calls released because their program ran on without ever waiting (a compiler-warned loop).
    public var runawayPrograms = 0
}

/// The heart of the media thread: every 20 ms frame it reads all ports, detects keys,
/// runs each channel's menu, writes the prompts each caller hears, and publishes
/// what happened as events.
///
/// In steady state `processFrame()` does not allocate, lock, log or touch files:
/// all memory is made in `init`, the program is a set of flat tables, and events go
/// into a lock-free queue that the control thread drains.
public final class MediaEngine {
    public let board: TelephonyBoard
    public let settings: EngineSettings
    public let events: SPSCQueue<EngineEvent>
    public internal(set) var statistics = EngineStatistics()
    public private(set) var program: ExecutableProgram
    public var frame: Int64 { statistics.framesProcessed }

    /// A program handed over by the control side, taken at the start of the next frame.
    private let pendingProgram = ManagedAtomic<Unmanaged<ExecutableProgram>?>(nil)
    private let servedVersion: ManagedAtomic<UInt64>

    /// The version new calls are answered with. Once another thread reads a version
    /// here, every event the engine published before taking that program is in `events`.
    public var servedProgramVersion: UInt64 { servedVersion.load(ordering: .acquiring) }

    let channels: [Channel]
    /// Commands from the control side (one producer), carried out at the start of a frame.
    public let commands = SPSCQueue<EngineCommand>(capacity: 256)
    /// Frames of recorded calls, for the recorder thread.
    public let recordingTap: RecordingTap
    let connections: ConnectionTable
    /// Per port: whether an office phone (FXS) is on it. Read once: a board may compute `portKinds`.
    let isPhonePort: [Bool]
    let capture: UnsafeMutableBufferPointer<Int16>
    /// One frame of a tone laid over a call (`InCallTones`).
    let toneScratch: UnsafeMutableBufferPointer<Int16>
    private let playback: UnsafeMutableBufferPointer<Int16>
    private let ringTimeoutFrames: Int64
    /// False once the appliance is shutting down (`EngineCommand.answerNewCalls`).
    var answersNewCalls = true

    public init(board: TelephonyBoard, program: ExecutableProgram, settings: EngineSettings = EngineSettings()) {
        self.board = board
        self.program = program
        servedVersion = ManagedAtomic(program.version)
        self.settings = settings
        events = SPSCQueue(capacity: settings.eventCapacity)
        channels = (0..<board.portCount).map { Channel(port: $0, dtmf: settings.dtmf, callerID: settings.callerID, tonePlan: settings.tonePlan) }
        let samples = board.portCount * AudioFormat.samplesPerFrame
        capture = .allocate(capacity: samples)
        capture.initialize(repeating: 0)
        playback = .allocate(capacity: samples)
        playback.initialize(repeating: 0)
        toneScratch = .allocate(capacity: AudioFormat.samplesPerFrame)
        toneScratch.initialize(repeating: 0)
        ringTimeoutFrames = Int64(AudioFormat.frames(milliseconds: settings.ringTimeoutMilliseconds))
        connections = ConnectionTable(portCount: board.portCount)
        recordingTap = RecordingTap(capacity: settings.recordingCapacity)
        isPhonePort = board.portKinds.map { $0 == .fxs }
    }

    deinit {
        capture.deallocate()
        playback.deallocate()
        toneScratch.deallocate()
        pendingProgram.exchange(nil, ordering: .acquiring)?.release()
    }

    /// Hands a newer program to the media thread (from any one thread): calls answered
    /// from the next frame on take it; calls in progress keep theirs. The caller keeps
    /// `program` alive as long as calls may use it, so the media thread never frees one.
    public func install(_ program: ExecutableProgram) {
        pendingProgram.exchange(Unmanaged.passRetained(program), ordering: .acquiringAndReleasing)?.release()
    }

    /// Runs one 20 ms frame for every port.
    public func processFrame() {
        if let pending = pendingProgram.exchange(nil, ordering: .acquiringAndReleasing) {
            program = pending.takeRetainedValue()
            servedVersion.store(program.version, ordering: .releasing)
            // A star code's reply plays from the served program: one cut short goes to dial tone.
            for index in 0..<channels.count where channels[index].phase == .confirming { channels[index].stopPlayback() }
        }
        statistics.framesProcessed += 1
        board.readFrame(into: capture)
        while let signal = board.nextSignal() {
            handle(signal)
        }
        while let command = commands.pop() {
            carryOut(command)
        }
        let size = AudioFormat.samplesPerFrame
        // An index loop: an array iterator may allocate where it is not specialised (debug builds).
        for index in 0..<channels.count {
            let channel = channels[index]
            let offset = channel.port * size
            process(channel,
                    heard: UnsafeBufferPointer(rebasing: capture[offset ..< offset + size]),
                    playing: UnsafeMutableBufferPointer(rebasing: playback[offset ..< offset + size]))
        }
        tapRecordings(size: size)
        board.writeFrame(UnsafeBufferPointer(playback))
    }

    /// Hands each recorded call's frame to the recorder: what its caller sent and heard.
    private func tapRecordings(size: Int) {
        for index in 0..<channels.count where channels[index].recording >= 0 {
            let offset = channels[index].port * size
            recordingTap.offer(recording: channels[index].recording, left: capture.baseAddress! + offset,
                               right: playback.baseAddress! + offset)
        }
    }

    /// Whether the office phone on `port` is off hook hearing dial tone (free to supervise); only a hint elsewhere.
    public func isHearingDialTone(port: Int) -> Bool { channels[port].phase == .dialing && channels[port].heldParty < 0 }

    /// Whether nothing happens on `port` (no call, no ringing); from another thread, only a hint.
    public func isIdle(port: Int) -> Bool { channels[port].phase == .idle }

    /// Whether the call on `port` waits in a queue; from another thread, only a hint.
    public func isWaiting(port: Int) -> Bool { channels[port].phase == .queued }

    /// Whether the call on `port` is connected to others through the switch; from another thread, only a hint.
    public func isBridged(port: Int) -> Bool { channels[port].phase == .bridged }

    public var activeCalls: Int { channels.reduce(0) { $0 + ($1.isInCall ? 1 : 0) } }

    // MARK: - Signalling

    private func handle(_ signal: PortSignal) {
        switch signal {
        case .ringStarted(let port):
            let channel = channels[port]
            switch channel.phase {
            case .idle:
                channel.phase = .ringing
                channel.callerID.reset()
                channel.callerIDReported = false
                channel.ringCount = 1
                channel.lastRingFrame = frame
                publish(.ringing(port: port, frame: frame))
            case .ringing:
                channel.ringCount += 1
                channel.lastRingFrame = frame
            case .ignoring:
                channel.lastRingFrame = frame
                return
            default:
                return
            }
            if channel.ringCount >= settings.answerAfterRings, answersNewCalls {
                answer(channel)
            }
        case .ringStopped:
            break
        case .loopCurrentDropped(let port):
            let channel = channels[port]
            if channel.isInCall { end(channel, .callerHungUp) }
        case .offHook(let port):
            phonePickedUp(channels[port])
        case .onHook(let port):
            if channels[port].phase != .idle { phoneHungUp(channels[port]) }
        case .hookFlash(let port):
            hookFlashed(channels[port])
        }
    }

    private func answer(_ channel: Channel) {
        if isIgnored(channel, program: program) {
            channel.phase = .ignoring
            return
        }
        board.setHook(.offHook, port: channel.port)
        channel.detector.reset()
        channel.callProgress.reset()
        channel.program = program
        statistics.callsAnswered += 1
        publish(.answered(port: channel.port, frame: frame, programVersion: program.version))
        channel.pc = program.entryInstruction
        channel.phase = .playing
        run(channel, program: program)
    }

    func end(_ channel: Channel, _ reason: CallEndReason) {
        if channel.phase == .bridged { leaveBridge(channel) }
        if channel.phase == .transferring || channel.phase == .queued { withdrawOffers(of: channel) }
        if channel.phase == .held {
            for index in 0..<channels.count where channels[index].heldParty == channel.port { channels[index].heldParty = -1 }
        }
        if channel.isInCall { board.setHook(.onHook, port: channel.port) }
        publish(.ended(port: channel.port, reason: reason, frame: frame))
        channel.reset()
    }

    // MARK: - Per-channel frame

    private func process(_ channel: Channel, heard: UnsafeBufferPointer<Int16>,
                         playing output: UnsafeMutableBufferPointer<Int16>) {
        switch channel.phase {
        case .idle:
            sendIndicator(to: channel, into: output)
            return
        case .ringing:
            output.update(repeating: 0)
            listenForCallerID(channel, heard: heard)
            if frame - channel.lastRingFrame > ringTimeoutFrames { end(channel, .notAnswered) }
            return
        case .ignoring:
            output.update(repeating: 0)
            if frame - channel.lastRingFrame > ringTimeoutFrames { end(channel, .ignored) }
            return
        case .alerting:
            sendCallerID(to: channel, into: output)
            if frame >= channel.keyDeadline { phoneRangOut(channel) }
            return
        case .confirming:
            processConfirming(channel, playing: output)
            return
        case .finishing where channel.isSilent:
            // The last prompt went out in the previous frame: release the line now.
            output.update(repeating: 0)
            end(channel, channel.finishReason)
            return
        case .dialing, .engaged:
            processPhone(channel, heard: heard, playing: output)
            return
        case .callingOut:
            processCallingOut(channel, heard: heard, playing: output)
            return
        case .accepting:
            processAccepting(channel, heard: heard, playing: output)
            return
        case .transferring where channel.program == nil:
            // An office phone that dialled hears ringback.
            playFromSwitch(channel, into: output)
            return
        case .bridged where channel.program == nil:
            processPhoneInCall(channel, heard: heard, playing: output)
            return
        case .playing, .waitingForKey, .collecting, .transferring, .bridged, .queued, .held, .finishing, .voicemail:
            break
        }
        guard let program = channel.program else {
            output.update(repeating: 0)
            end(channel, .failed)
            return
        }

        channel.callProgress.process(heard)
        if channel.callProgress.heardTone != nil {
            output.update(repeating: 0)
            end(channel, .farEndHungUp)
            return
        }
        // `output` still holds what this port played last frame: the echo that may be
        // coming back now.
        channel.detector.process(heard, played: UnsafeBufferPointer(output))
        if channel.phase == .bridged || channel.phase == .transferring {
            // Keys of a call being put through are for the people on it, not for its menu.
            while let digit = channel.detector.nextDigit() {
                publish(.keyPressed(port: channel.port, key: digit, frame: frame))
            }
            playFromSwitch(channel, into: output)
            layTone(over: output, for: channel)  // a follow-me agent's *1
            return
        }
        if channel.phase == .voicemail {
            processVoicemail(channel, heard: heard, playing: output, program: program)
            return
        }
        if channel.phase == .held {
            while channel.detector.nextDigit() != nil {}  // keys on hold reach no one
            renderHeld(channel, into: output, program: program)
            return
        }
        if channel.phase == .queued {
            while let digit = channel.detector.nextDigit() {
                publish(.keyPressed(port: channel.port, key: digit, frame: frame))
                if channel.phase == .queued { queueKey(digit, on: channel, program: program) }
            }
            if channel.phase == .queued {
                renderQueued(channel, into: output, program: program)
                return
            }
        }
        while let digit = channel.detector.nextDigit() {
            guard channel.phase != .finishing, channel.isInCall else { continue }
            publish(.keyPressed(port: channel.port, key: digit, frame: frame))
            if channel.phase == .collecting {
                collect(digit, on: channel, program: program)
            } else {
                handleKey(digit, on: channel, program: program)
            }
        }
        if channel.keyDeadline > 0, frame >= channel.keyDeadline {
            channel.keyDeadline = 0
            if channel.phase == .waitingForKey {
                fail(channel, program: program, timedOut: true)
            } else if channel.phase == .collecting {
                collectTimedOut(channel, program: program)
            }
        }
        guard channel.isInCall else {
            output.update(repeating: 0)
            return
        }
        render(channel, into: output, program: program)
    }

    /// A ringing office phone's line: quiet, but for the caller's number once, after the first ring.
    private func sendCallerID(to channel: Channel, into output: UnsafeMutableBufferPointer<Int16>) {
        if channel.callerIDOutAt > 0, frame >= channel.callerIDOutAt {
            channel.callerIDOutAt = 0
            channel.isSendingCallerID = channel.callerIDOut.start()
        }
        guard channel.isSendingCallerID else {
            output.update(repeating: 0)
            return
        }
        if channel.callerIDOut.generate(into: output) == 0 { channel.isSendingCallerID = false }
    }

    private func listenForCallerID(_ channel: Channel, heard: UnsafeBufferPointer<Int16>) {
        guard !channel.callerIDReported else { return }
        channel.callerID.process(heard)
        let length = channel.callerID.numberLength
        guard length > 0 else { return }
        channel.callerIDReported = true
        let receiver = channel.callerID
        let number = KeyString(count: length) { receiver.numberDigit(at: $0) }
        channel.callerNumber = number
        publish(.callerID(port: channel.port, number: number, frame: frame))
    }

    /// Fills the frame from the current prompt and the ones queued after it, back to
    /// back with no gap; silence once nothing is left.
    func render(_ channel: Channel, into output: UnsafeMutableBufferPointer<Int16>,
                        program: ExecutableProgram) {
        var filled = 0
        while filled < output.count {
            if channel.currentPrompt == -1 {
                guard let next = channel.dequeue() else { break }
                channel.currentPrompt = next
                channel.promptPosition = 0
                if next >= 0 { publish(.promptStarted(port: channel.port, prompt: Int(next), frame: frame)) }
            }
            let samples = channel.currentPrompt == Channel.messageClip
                ? channel.message : program.prompts.samples(of: Int(channel.currentPrompt))
            guard samples.count > 0 else {
                channel.currentPrompt = -1
                continue
            }
            let count = min(output.count - filled, samples.count - channel.promptPosition)
            (output.baseAddress! + filled).update(from: samples.baseAddress! + channel.promptPosition,
                                                  count: count)
            filled += count
            channel.promptPosition += count
            if channel.promptPosition >= samples.count {
                channel.currentPrompt = -1
            }
        }
        if filled < output.count {
            (output.baseAddress! + filled).update(repeating: 0, count: output.count - filled)
        }
        if channel.isSilent { promptsEnded(channel, program: program) }
    }

    func publish(_ event: EngineEvent) {
        if !events.push(event) { statistics.droppedEvents += 1 }
    }
}
