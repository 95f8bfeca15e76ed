import AttendantBoard
import AttendantControl
import AttendantDSP
import AttendantEngine
import AttendantPrompts
import AttendantSchedule
import AttendantSimulation
import AttendantStore
import Atomics
import Foundation
import Logging

/// The appliance running in real time, for `attendant run`: a media thread paced by
/// the board (a hardware board's capture clock) or by the wall clock (the simulated
/// board), a control thread folding events into call records, and, on the simulated
/// board, demo callers the console can ring in with.
public final class LiveAppliance: @unchecked Sendable {
    // Thread ownership: `appliance.engine`, the board and the demo callers belong to the
    // media thread; `appliance.tracker` and `listeners` to whoever holds `controlLock`.
    let appliance: Appliance
    private let simulatedBoard: SimulatedBoard?
    private let boardStatistics: @Sendable () -> [String]
    private let prepareMediaThread: @Sendable () -> Void
    let database: AttendantDatabase
    private let demoCallers: [DemoCaller]
    private let commands = SPSCQueue<SimulatorCommand>(capacity: 64)
    private let commandLock = NSLock()
    let controlLock = NSLock()
    private let running = ManagedAtomic<Bool>(false)
    /// Set by a second SIGTERM or SIGINT: the grace is cut short.
    private let hurried = ManagedAtomic<Bool>(false)
    private let lateFrames = ManagedAtomic<Int64>(0)
    private let maxFrameMicroseconds = ManagedAtomic<Int64>(0)
    /// Frames the media loop has processed: the control loop tells the watchdog only while it grows.
    private let mediaFrames = ManagedAtomic<Int64>(0)
    var listeners: [HeardPromptListener]
    private var threads: [Thread] = []
    private let stopped = DispatchGroup()
    /// Where asynchronous news goes ("port 1: caller hears welcome").
    private let notify: @Sendable (String) -> Void
    /// Console sessions that want the news too, by the token `addNewsListener` gave them.
    private var newsListeners: [Int: @Sendable (String) -> Void] = [:]
    private var nextListener = 0
    private let newsLock = NSLock()
    private let broadcastQueue = DispatchQueue(label: "attendant.console-news")
    /// Compiles the configuration afresh, for `reload` and SIGHUP.
    let compile: (@Sendable () throws -> LoadedMenu)?
    /// The configuration's text, for consoles' candidates and commits.
    public let configuration: ConfigurationStore?
    let reloadLock = NSLock()
    let logger = Logger(label: "attendant")

    /// - Parameters:
    ///   - boardStatistics: lines about the board for `show stats` (xruns, jitter).
    ///   - prepareMediaThread: runs first on the media thread (real-time priority).
    public init(appliance: Appliance, database: AttendantDatabase, recogniser: PromptRecogniser,
                boardStatistics: @escaping @Sendable () -> [String] = { [] },
                prepareMediaThread: @escaping @Sendable () -> Void = {},
                compile: (@Sendable () throws -> LoadedMenu)? = nil,
                configuration: ConfigurationStore? = nil,
                notify: @escaping @Sendable (String) -> Void) {
        self.configuration = configuration
        if let compile {
            self.compile = compile
        } else if let configuration {
            self.compile = { @Sendable in try configuration.compile(configuration.read()) }
        } else {
            self.compile = nil
        }
        self.appliance = appliance
        simulatedBoard = appliance.board as? SimulatedBoard
        self.database = database
        self.boardStatistics = boardStatistics
        self.prepareMediaThread = prepareMediaThread
        self.notify = notify
        let ports = simulatedBoard == nil ? 0 : appliance.board.portCount
        demoCallers = (0..<ports).map { DemoCaller(port: $0) }
        listeners = (0..<ports).map { _ in HeardPromptListener(recogniser: recogniser) }
    }

    public var portCount: Int { appliance.board.portCount }

    /// What `show version` prints: the program's and its libraries' versions and, on the
    /// board image, its slots. Set before `start()`; asked from console threads.
    public var versionReport: @Sendable () -> [String] = { [] }

    public func versionLines() -> [String] { versionReport() }

    /// What `install BUNDLE` runs (the board image's: RAUC into the other slot, then a
    /// reboot); nil where updates are not installed from the console.
    public var updateInstaller: (@Sendable (String) -> [String])?
    /// What `set time` runs (the board image's); nil where attendant does not set the machine's clock.
    public var clockSetter: (@Sendable (Date) -> [String])?
    /// Call times follow the machine's clock (`attendant run`); simulations keep theirs.
    public var followsWallClock = false

    /// What `show board` prints: the board file, its ports, GPIO chip and ALSA devices.
    /// Set before `start()`; asked from console threads.
    public var boardReport: @Sendable () -> [String] = { [] }

    public func boardLines() -> [String] { boardReport() }

    /// What `reboot` runs (the board image's: systemd reboots, attendant gets SIGTERM
    /// and its grace); nil where attendant does not reboot the machine.
    public var rebooter: (@Sendable () -> [String])?

    public func reboot() -> [String] {
        guard let rebooter else { return ["error: the board image reboots; this run does not (run --rebooter)"] }
        return rebooter()
    }

    public func installUpdate(_ bundle: String) -> [String] {
        guard let updateInstaller else { return ["error: updates are installed on the board image only (run --installer)"] }
        return updateInstaller(bundle)
    }

    /// The service manager (systemd's `Type=notify`, `WatchdogSec=`): told `READY=1` once
    /// the media loop runs, `WATCHDOG=1` from the control loop while both loops turn,
    /// `STOPPING=1` when the shutdown begins. Set before `start()`.
    public var serviceNotifier: ServiceNotifier?

    public func start() {
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let media = Thread { [self] in runMediaLoop() }
        media.name = "media"
        media.stackSize = 1 << 20
        let control = Thread { [self] in runControlLoop() }
        control.name = "control"
        threads = [media, control]
        appliance.recorder?.start()
        for thread in threads {
            stopped.enter()
            thread.start()
        }
    }

    /// Stops both threads after they finish their current frame, records any call still
    /// open as ended by the shutdown, then flushes storage. `shutDown(grace:)` first
    /// lets calls end on their own.
    public func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        stopped.wait()
        controlLock.withLock {
            appliance.drainEvents()
            let unfinished = appliance.recordUnfinishedCalls()
            if unfinished > 0 { logger.warning("\(unfinished) call(s) had not ended when the media loop stopped: recorded as shut down") }
        }
        // The media thread has stopped: every recorded frame is in the tap; files close after them.
        appliance.recorder?.stop()
        appliance.writer?.flush()
    }

    /// The graceful way out (SIGTERM, SIGINT, `quit`): no line is answered any more;
    /// calls in progress get `grace` seconds to end; the rest hear `goodbye` (when the
    /// menu has it) and are ended; then the threads stop and every record is written.
    public func shutDown(grace: Double) {
        guard running.load(ordering: .acquiring) else { return }
        serviceNotifier?.send("STOPPING=1")
        let calls = controlLock.withLock { () -> Int in
            while !appliance.stopAnswering() { Thread.sleep(forTimeInterval: 0.02) }
            return appliance.callsInProgress
        }
        if calls > 0 {
            logger.notice("shutting down: answering no more calls; \(calls) in progress have \(grace) s to end")
            let ended = waitForCalls(seconds: grace)
            if !ended {
                let left = controlLock.withLock { appliance.endCalls(farewell: true) }
                logger.notice("shutting down: ending \(left) call(s) still in progress")
                // 'goodbye' lasts a second or two; a call that will not end is cut off.
                if !waitForCalls(seconds: Self.farewellSeconds, hurriable: false) {
                    controlLock.withLock { _ = appliance.endCalls(farewell: false) }
                    _ = waitForCalls(seconds: 1, hurriable: false)
                }
            }
        }
        stop()
    }

    /// Cuts the grace of a shutdown in progress short (a second signal).
    public func hurry() { hurried.store(true, ordering: .releasing) }

    /// How long calls ended by a shutdown may take to say goodbye.
    static let farewellSeconds = 10.0

    /// Waits until no call rings or is in progress; false when `seconds` pass first.
    private func waitForCalls(seconds: Double, hurriable: Bool = true) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, !(hurriable && hurried.load(ordering: .acquiring)) {
            if controlLock.withLock({ appliance.callsInProgress }) == 0 { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return controlLock.withLock { appliance.callsInProgress } == 0
    }

    private func runMediaLoop() {
        prepareMediaThread()
        var pacer = FramePacer()
        let paced = !appliance.board.pacesItself
        while running.load(ordering: .relaxed) {
            while let command = commands.pop() { apply(command) }
            appliance.engine.processFrame()
            mediaFrames.wrappingIncrement(ordering: .relaxed)
            guard paced else { continue }
            pacer.waitForNextFrame()
            lateFrames.store(pacer.statistics.lateFrames, ordering: .relaxed)
            maxFrameMicroseconds.store(pacer.statistics.maxProcessingMicroseconds, ordering: .relaxed)
        }
        stopped.leave()
    }

    private func apply(_ command: SimulatorCommand) {
        guard let board = simulatedBoard else { return }
        switch command {
        case .call(let port, let number):
            board.placeCall(toPort: port, from: demoCallers[port],
                            callerNumber: number.count > 0 ? number.description : nil)
        case .press(let port, let keys):
            demoCallers[port].press(keys)
        case .hangUp(let port):
            board.hangUp(port: port)
        }
    }

    private func runControlLoop() {
        var toldReady = false
        var watchdog = serviceNotifier?.watchdogTimeout.map { WatchdogGate(timeout: $0) }
        var turns = 0
        while running.load(ordering: .relaxed) {
            turns += 1
            if turns % 50 == 0 { followWallClock() }
            if let notifier = serviceNotifier {
                let frames = mediaFrames.load(ordering: .relaxed)
                if !toldReady, frames > 0 {
                    toldReady = true
                    if !notifier.send("READY=1") { logger.warning("the service manager at \(notifier.socketPath) did not take READY=1") }
                }
                if toldReady, watchdog?.due(now: ProcessInfo.processInfo.systemUptime, mediaFrames: frames) == true {
                    notifier.send("WATCHDOG=1")
                }
            }
            var news: [String] = []
            controlLock.withLock {
                appliance.drainEvents()
                for (port, caller) in demoCallers.enumerated() {
                    for prompt in listeners[port].listen(to: caller.heard) {
                        news.append("port \(port + 1): caller hears '\(prompt)'")
                    }
                }
            }
            news.forEach(notify)
            let subscribers = newsLock.withLock { Array(newsListeners.values) }
            for subscriber in subscribers { news.forEach(subscriber) }
            Thread.sleep(forTimeInterval: 0.01)
        }
        stopped.leave()
    }

    /// News from outside the threads (a console's commit) to every console. Delivered
    /// from a queue of its own: the session that made the news holds its own lock.
    public func broadcast(_ news: String) {
        broadcastQueue.async { [self] in
            notify(news)
            let subscribers = newsLock.withLock { Array(newsListeners.values) }
            for subscriber in subscribers { subscriber(news) }
        }
    }

    /// Another console session hears the news ("port 1: caller hears welcome") from now on.
    public func addNewsListener(_ listener: @escaping @Sendable (String) -> Void) -> Int {
        newsLock.withLock {
            nextListener += 1
            newsListeners[nextListener] = listener
            return nextListener
        }
    }

    public func removeNewsListener(_ token: Int) {
        _ = newsLock.withLock { newsListeners.removeValue(forKey: token) }
    }

    // MARK: - What consoles ask (ConsoleBackend)

    public func channelViews() -> [ChannelView] {
        controlLock.withLock { appliance.tracker.channelViews }
    }

    public func recentCalls(limit: Int) throws -> [CallRecord] {
        appliance.writer?.flush()
        return try database.recentCalls(limit: limit)
    }

    public func statisticsLines() -> [String] {
        let engine = appliance.engine.statistics
        let storage = appliance.writer?.statistics
        // A hardware board times its frames itself (boardStatistics); the wall-clock pacer only the simulated one.
        let pacing = appliance.board.pacesItself ? [] : [
            "frames late           \(lateFrames.load(ordering: .relaxed))",
            "longest frame         \(maxFrameMicroseconds.load(ordering: .relaxed)) µs of 20000",
        ]
        return ["frames processed      \(engine.framesProcessed)"] + pacing + [
            "calls answered        \(engine.callsAnswered)",
            "events dropped        \(engine.droppedEvents)",
            "calls written         \(storage?.written ?? 0)",
            "call writes failed    \(storage?.failed ?? 0)",
        ] + boardStatistics()
    }

    public func simulateCall(port: Int, from number: String?) -> String? {
        guard simulatedBoard != nil else { return Self.notSimulated }
        let keys: KeyString
        if let number {
            guard number.allSatisfy(\.isNumber), let packed = KeyString(number) else {
                return "caller number must be up to \(KeyString.capacity) digits"
            }
            keys = packed
        } else {
            keys = KeyString("")!
        }
        return send(.call(port: port - 1, number: keys))
    }

    public func simulatePress(port: Int, keys: String) -> String? {
        guard simulatedBoard != nil else { return Self.notSimulated }
        guard [.inMenu, .bridged].contains(channelViews()[port - 1].state) else { return "no call is connected on port \(port)" }
        guard keys.allSatisfy({ "0123456789*#ABCD".contains($0) }), let packed = KeyString(keys) else {
            return "keys are 0-9 * # A-D, at most \(KeyString.capacity)"
        }
        return send(.press(port: port - 1, keys: packed))
    }

    public func simulateHangUp(port: Int) -> String? {
        guard simulatedBoard != nil else { return Self.notSimulated }
        guard channelViews()[port - 1].state != .idle else { return "no call on port \(port)" }
        return send(.hangUp(port: port - 1))
    }

    public func bridge(_ a: Int, _ b: Int) -> String? {
        controlLock.withLock {
            let views = appliance.tracker.channelViews
            for port in [a, b] where views[port - 1].state == .idle || views[port - 1].state == .ringing {
                return "no answered call on port \(port)"
            }
            guard a != b else { return "a call cannot be bridged to itself" }
            return appliance.bridge(a - 1, b - 1) ? nil : "the media loop is not taking commands"
        }
    }

    public func unbridge(_ port: Int) -> String? {
        controlLock.withLock {
            guard appliance.tracker.channelViews[port - 1].state == .bridged else { return "the call on port \(port) is not bridged" }
            return appliance.unbridge(port - 1) ? nil : "the media loop is not taking commands"
        }
    }

    public func overrideSchedule(_ name: String, open: Bool?, until: (hour: Int, minute: Int)?) -> String? {
        controlLock.withLock {
            guard let declaration = appliance.currentProgram.program.schedules.first(where: { $0.name == name }) else {
                let names = appliance.currentProgram.program.schedules.map(\.name)
                return "no schedule '\(name)'" + (names.isEmpty ? "" : " (schedules: \(names.joined(separator: ", ")))")
            }
            guard let open else {
                appliance.scheduleOverrides[name] = nil
                return nil
            }
            let now = appliance.clock.date(atFrame: appliance.engine.frame)
            var end: Date?
            if let until {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = declaration.schedule.timeZone
                end = calendar.nextDate(after: now, matching: DateComponents(hour: until.hour, minute: until.minute),
                                        matchingPolicy: .nextTime)
            }
            appliance.scheduleOverrides[name] = ScheduleOverride(state: open ? .open : .closed, until: end)
            return nil
        }
    }

    public func queueViews() -> [QueueView] {
        controlLock.withLock { appliance.centre.queueViews }
    }

    public func agentViews() -> [AgentView] {
        controlLock.withLock { appliance.centre.agentViews }
    }

    public func changeAgent(_ number: Int, _ change: AgentChange) -> String? {
        controlLock.withLock {
            let centre = appliance.centre
            guard centre.agents[number] != nil else {
                let known = centre.agents.keys.sorted().map(String.init).joined(separator: ", ")
                return "no agent \(number)" + (known.isEmpty ? " (the menu declares no queues)" : " (agents: \(known))")
            }
            if case .monitor(let mode, let supervisor) = change {
                let engine = appliance.engine
                return centre.monitor(agent: number, from: supervisor, mode, isBridged: engine.isBridged(port:),
                                      isHearingDialTone: engine.isHearingDialTone(port:))
            }
            let done = switch change {
            case .monitor: false
            case .logIn: centre.logIn(number)
            case .logOut: centre.logOut(number)
            case .pause(let reason): centre.pause(number, reason: reason)
            case .unpause: centre.unpause(number)
            }
            return done ? nil : "agent \(number) is \(centre.agents[number]!.state)"
        }
    }

    private static let notSimulated = "this is a real board: 'sim' commands work on the simulated board only"

    private func send(_ command: SimulatorCommand) -> String? {
        // One producer at a time: the queue is single-producer; the media thread never takes this lock.
        commandLock.withLock { commands.push(command) } ? nil : "the media loop is not taking commands"
    }
}

/// Recognises which prompts a demo caller hears, from its audio.
final class HeardPromptListener {
    private let recogniser: PromptRecogniser
    private var audio: [Int16] = []
    private var searchFrom = 0
    private var lastScanCount = 0

    init(recogniser: PromptRecogniser) { self.recogniser = recogniser }

    /// Drains new audio; returns the names of prompts newly recognised.
    func listen(to queue: SPSCQueue<Int16>) -> [String] {
        while let sample = queue.pop() { audio.append(sample) }
        guard audio.count - lastScanCount >= AudioFormat.sampleRate / 5, searchFrom < audio.count else { return [] }
        lastScanCount = audio.count
        let found = audio.withUnsafeBufferPointer {
            recogniser.recognise(in: $0, onsetsIn: searchFrom ..< $0.count)
        }
        if let last = found.last { searchFrom = last.onset + 1 }
        // Keep memory bounded on long calls: forget audio well behind the search point.
        let keep = recogniser.minimumDecisionSamples * 2
        if searchFrom > keep * 4 {
            let drop = searchFrom - keep
            audio.removeFirst(drop)
            searchFrom -= drop
            lastScanCount -= drop
        }
        return found.map(\.name)
    }
}
