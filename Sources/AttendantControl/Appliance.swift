import AttendantBoard
import AttendantEngine
import AttendantRecorder
import AttendantSchedule
import AttendantStore
import Foundation

/// The appliance's parts wired together: board, media engine, the control side's call
/// tracker and the storage writer. The media thread calls `engine.processFrame()`;
/// the control thread calls `drainEvents()`. A simulation may do both on one thread,
/// frame by frame, which makes it deterministic.
public final class Appliance: @unchecked Sendable {
    // The engine is confined to the media thread and the tracker to the control
    // thread; the class only carries them to where they run.
    public let board: TelephonyBoard
    public let engine: MediaEngine
    public let tracker: CallTracker
    /// Queues and agents: who waits, who is offered whom.
    public let centre: CallCentre
    /// Mailboxes: messages, PINs, sessions of calls in voicemail, owners' lamps.
    public let voicemail: Voicemail
    public let writer: StorageWriter?
    public let clock: FrameClock
    /// Writes recorded calls to flash; nil when recording is not configured.
    public var recorder: Recorder?
    /// Per port (0-based): the recording its call's frames go to.
    var recordingsByPort: [Int: Int32] = [:]
    var nextRecordingID: Int32 = 0
    /// Callers (0-based ports) whose recording an agent's `*1` started: `*1` may stop those.
    var recordedOnDemand: Set<Int> = []
    /// Agents' phones and lines (0-based) whose `*` may begin `*1`, by the frame it came.
    var starPressedAt: [Int: Int64] = [:]
    /// Per port (0-based): the queue its caller last joined, for the queue's `record` policy.
    var queueJoined: [Int: Int] = [:]
    /// Every recording file begun, oldest first (simulations and tests read them back).
    public internal(set) var recordingPaths: [String] = []
    public private(set) var finishedCalls: [CallRecord] = []
    /// Every queue event so far, when `keepsFinishedCalls` (simulations and tests read them back).
    public private(set) var queueEvents: [QueueEvent] = []
    /// Keep finished records in memory too (simulations and tests read them back).
    public var keepsFinishedCalls = true

    /// Every program calls may still be running on, newest last: kept here so that
    /// the media thread never drops the last reference to one. An older one goes once
    /// no call runs on it (its audio can be megabytes; reloads must not pile them up).
    public private(set) var programs: [ExecutableProgram]

    /// The console's "closed now until 14:00", by schedule name (control side).
    public var scheduleOverrides: [String: ScheduleOverride] = [:] {
        didSet { refreshSchedules() }
    }
    private var schedulesRefreshedAtFrame: Int64 = 0
    /// Schedules are evaluated once a second of the engine's clock.
    static let scheduleRefreshFrames: Int64 = 50
    private var stampedAtFrame: Int64 = 0
    /// Rows of calls in progress are stamped once a second of the engine's clock: a
    /// crash loses at most that much of a call's length.
    public static let heartbeatFrames: Int64 = 50

    public init(board: TelephonyBoard, program: ExecutableProgram, settings: EngineSettings = EngineSettings(),
                writer: StorageWriter?, clock: FrameClock) {
        self.board = board
        engine = MediaEngine(board: board, program: program, settings: settings)
        let tracker = CallTracker(portCount: board.portCount, clock: clock, programs: [program])
        self.tracker = tracker
        let engine = self.engine
        var keep: (QueueEvent) -> Void = { _ in }
        centre = CallCentre(clock: clock, send: { engine.commands.push($0) }, record: { event in
            writer?.submit(event)
            keep(event)
        })
        centre.isPhoneFree = { !tracker.isPhoneInUse($0) }
        centre.outgoingLines = board.portKinds.indices.filter { board.portKinds[$0] == .fxo }
        centre.isLineIdle = { engine.isIdle(port: $0) }
        self.writer = writer
        self.clock = clock
        programs = [program]
        centre.configure(program.program)
        voicemail = Voicemail(writer: writer, send: { engine.commands.push($0) })
        voicemail.configure(program.program)
        keep = { [unowned self] event in if keepsFinishedCalls { queueEvents.append(event) } }
        voicemail.recorder = { [unowned self] in recorder }
        voicemail.nextRecordingID = { [unowned self] in
            nextRecordingID &+= 1
            return nextRecordingID
        }
        voicemail.callID = { tracker.callID(onPort: $0) }
        voicemail.callerNumber = { tracker.callerNumber(onPort: $0) }
        voicemail.now = { [unowned self] in clock.date(atFrame: engine.frame) }
        voicemail.framesNow = { [unowned engine] in engine.frame }
        voicemail.freeLine = { [unowned self] in centre.freeLine() }
        centre.isQueueOpen = { [unowned self] queue in queue.hours.map { currentProgram.isOpen(schedule: $0) } ?? true }
        program.refreshSchedules(at: clock.date(atFrame: 0))
    }

    public var currentProgram: ExecutableProgram { programs[programs.count - 1] }

    /// A new program for calls answered from now on (control side); calls in progress
    /// finish on the one they started with.
    public func install(_ program: ExecutableProgram) {
        tracker.register(program)
        program.refreshSchedules(at: clock.date(atFrame: engine.frame), overrides: scheduleOverrides)
        programs.append(program)
        centre.configure(program.program)
        voicemail.configure(program.program)
        engine.install(program)
    }

    /// Asks the media thread to connect two answered calls (0-based ports); false when
    /// its command queue is full. The engine reports the outcome as events.
    @discardableResult
    public func bridge(_ a: Int, _ b: Int) -> Bool { engine.commands.push(.bridge(a, b)) }

    /// Takes the call on `port` (0-based) out of its bridge; it and whoever it leaves alone go back to their menus.
    @discardableResult
    public func unbridge(_ port: Int) -> Bool { engine.commands.push(.unbridge(port)) }

    /// `extension N` from a caller's menu, or N dialled on an office phone: extension N
    /// is the office phone on board port N (numbered from 1, as on the front panel). A
    /// number that is no phone, or a phone in use, is refused: a caller hears
    /// `not-available` and goes on, an office phone hears busy.
    private func putThrough(_ port: Int, to number: String) {
        guard let phone = Int(number).map({ $0 - 1 }), phone >= 0, phone < board.portCount, phone != port,
              board.portKinds[phone] == .fxs, !tracker.isPhoneInUse(phone) else {
            engine.commands.push(.refuseTransfer(caller: port))
            return
        }
        engine.commands.push(.ringExtension(phone: phone, caller: port))
    }

    private func refreshSchedules() {
        let now = clock.date(atFrame: engine.frame)
        for program in programs { program.refreshSchedules(at: now, overrides: scheduleOverrides) }
    }

    /// One frame and its aftermath, on the calling thread (simulations and tests).
    public func step() {
        engine.processFrame()
        drainEvents()
    }

    /// Folds pending engine events into call state; finished calls go to storage.
    /// Returns how many events were handled.
    @discardableResult
    public func drainEvents() -> Int {
        let frame = engine.frame
        if frame - schedulesRefreshedAtFrame >= Self.scheduleRefreshFrames {
            schedulesRefreshedAtFrame = frame
            refreshSchedules()
        }
        // Read before the events: once the engine serves the newest program, every
        // answer on an older one is among the events drained below.
        let served = engine.servedProgramVersion
        var handled = 0
        while let event = engine.events.pop() {
            handled += 1
            let answered = centre.handle(event, program: tracker.program(onPort:), callID: tracker.callID(onPort:))
            switch event {
            case .extensionRequested(let port, let request, _):
                if let program = tracker.program(onPort: port), case .extensionNumber(let number) = program.program.code.requests[request] {
                    putThrough(port, to: number)
                } else {
                    engine.commands.push(.refuseTransfer(caller: port))
                }
            case .extensionDialed(let port, let number, _) where !answered:
                putThrough(port, to: number.description)
            case .recordingRequested(let port, _):
                if let refusal = startRecording(port: port, reason: "menu") {
                    Self.recordingLogger.warning("port \(port + 1): the menu's 'record' is not carried out: \(refusal)")
                }
            case .queueEntered(let port, let queue, _, _):
                queueJoined[port] = queue
            case .keyPressed(let port, let key, let frame):
                agentPressed(key, on: port, frame: frame)
            case .ended(let port, _, _):
                queueJoined[port] = nil
                starPressedAt[port] = nil
                recordingEnded(port: port)
            case .extensionReleased(let port, _):
                starPressedAt[port] = nil
            default:
                break
            }
            voicemail.handle(event, program: tracker.program(onPort:))
            // A PIN is never kept: its keys stay out of the call's record.
            if case .keyPressed(let port, _, _) = event, voicemail.isEnteringPIN(port: port) { continue }
            switch tracker.handle(event) {
            case .opened(let call):
                writer?.submit(call)
            case .finished(let record):
                if keepsFinishedCalls { finishedCalls.append(record) }
                writer?.submit(record)
            case nil:
                break
            }
            // After the tracker, which then knows who talks to whom.
            if case .bridged(let port, let peer, _) = event { recordConversation(caller: port, agentPort: peer) }
        }
        if frame - stampedAtFrame >= Self.heartbeatFrames {
            stampedAtFrame = frame
            if let writer, tracker.hasAnsweredCalls,
               writer.stampOpenCalls(at: clock.date(atFrame: frame), progress: tracker.unsavedProgress) {
                tracker.progressSaved()
            }
        }
        centre.tick(frame: frame)
        voicemail.tick(frame: frame)
        if programs.count > 1, served == currentProgram.version { releaseUnusedPrograms() }
        return handled
    }

    // MARK: - Shutting down

    /// Lines that ring from now on are not answered (they ring out, with a record).
    /// False when the media thread's command queue is full: try again.
    @discardableResult
    public func stopAnswering() -> Bool { engine.commands.push(.answerNewCalls(false)) }

    /// Calls ringing or in progress, as the events drained so far tell.
    public var callsInProgress: Int { tracker.portsWithCalls.count }

    /// Asks the media thread to end every call: callers hear `goodbye` first when
    /// `farewell` and their program plays it; ringing lines are let go. Their records
    /// come with the `ended` events. Returns how many calls were asked.
    @discardableResult
    public func endCalls(farewell: Bool) -> Int {
        tracker.portsWithCalls.reduce(0) { $0 + (engine.commands.push(.endCall(port: $1, farewell: farewell)) ? 1 : 0) }
    }

    /// Writes a record for every call the events never ended (the media thread has
    /// stopped; an `ended` event may have been dropped), ended now by the shutdown.
    /// Returns how many there were.
    @discardableResult
    public func recordUnfinishedCalls() -> Int {
        let frame = engine.frame
        var count = 0
        for port in tracker.portsWithCalls {
            recordingEnded(port: port)
            guard case .finished(let record) = tracker.handle(.ended(port: port, reason: .shutDown, frame: frame)) else { continue }
            count += 1
            if keepsFinishedCalls { finishedCalls.append(record) }
            writer?.submit(record)
        }
        return count
    }

    /// Drops older programs no call runs on (the engine already serves the newest).
    private func releaseUnusedPrograms() {
        let inUse = tracker.programVersionsInUse
        let newest = programs[programs.count - 1]
        programs.removeAll { $0 !== newest && !inUse.contains($0.version) }
        tracker.forget(keeping: Set(programs.map(\.version)))
    }
}
