import AttendantDSP
import AttendantEngine
import AttendantMenu
import AttendantStore
import Foundation

/// The call centre's brain, on the control thread: who waits in which queue, which
/// agent is free, whom to offer a caller next, when to announce and when a caller
/// overflows. It decides from engine events and sends engine commands; every queue
/// event goes to storage with its time.
///
/// ```swift
/// let centre = CallCentre(clock: clock, send: { engine.commands.push($0) }, record: { writer.submit($0) })
/// centre.configure(program.program)
/// centre.handle(event, callID: tracker.callID(onPort:))   // for every engine event
/// centre.tick(frame: engine.frame)                         // after each drain
/// ```
public final class CallCentre {
    /// A caller waiting in a queue.
    struct WaitingCaller {
        var port: Int
        var callID: String?
        var priority: Int
        var entered: Int64
        var nextAnnouncement: Int64
        /// Agents whose phones ring for the caller now.
        var ringing: Set<Int> = []
        /// Agents who let it ring out this round: the next offer goes to someone else.
        var missedBy: Set<Int> = []
        /// A caller who asked to be called back keeps its place off the line: its `port`
        /// is then a negative placeholder until the callback is answered.
        var callback: Callback?
        /// Called back and answered: first in line, and its wait is not timed out again.
        var calledBack = false
    }

    struct Callback {
        var number: String
        var line: Int?
        var attempts = 0
        var retryAt: Int64 = 0
    }

    /// What a line the centre dials out on is doing.
    enum LineUse: Equatable {
        case callback(placeholder: Int)
        case followMe(agent: Int, caller: Int)
    }

    /// A caller talking to an agent.
    private struct Conversation {
        var queue: String
        var callID: String?
        var agent: Int
        var started: Int64
    }

    public internal(set) var agents: [Int: Agent] = [:]
    public private(set) var queues: [QueueDeclaration] = []
    var waiting: [String: [WaitingCaller]] = [:]
    private var conversations: [Int: Conversation] = [:]
    /// Ports sent to an overflow handler, whose `queueLeft` is not a key.
    private var overflowing: Set<Int> = []
    private var lastOffered: [String: Int] = [:]
    /// Recent handle times per queue, in frames: the estimated wait.
    private var handleTimes: [String: [Int64]] = [:]
    private var generator: SeededGenerator
    private let clock: FrameClock
    let send: (EngineCommand) -> Void
    private let record: (QueueEvent) -> Void
    /// Whether an office phone (0-based port) is free to ring.
    var isPhoneFree: (Int) -> Bool = { _ in true }
    /// The FXO lines calls may be made on, and whether one is idle now.
    var outgoingLines: [Int] = []
    var isLineIdle: (Int) -> Bool = { _ in false }
    var lineUse: [Int: LineUse] = [:]
    /// Whether a queue's `hours` schedule is open now.
    var isQueueOpen: (QueueDeclaration) -> Bool = { _ in true }
    /// Follow-me agents' numbers.
    var mobiles: [Int: String] = [:]
    var nextPlaceholder = -1
    private(set) var frame: Int64 = 0
    /// Calls connected per queue since start.
    private(set) var handledCounts: [String: Int] = [:]
    /// The newest frame the centre has seen.
    var now: Int64 { frame }

    static let handleTimesKept = 20

    public init(clock: FrameClock, seed: UInt64 = 1, send: @escaping (EngineCommand) -> Void,
                record: @escaping (QueueEvent) -> Void) {
        self.clock = clock
        self.send = send
        self.record = record
        generator = SeededGenerator(seed: seed)
    }

    /// Takes the queues and agents of a newly installed program. Agents keep their
    /// state; callers already waiting keep their place.
    public func configure(_ program: MenuProgram) {
        queues = program.queues
        let numbers = Set(program.queues.flatMap(\.agents) + program.agents.map(\.number))
        for number in numbers where agents[number] == nil { agents[number] = Agent(number: number) }
        for declaration in program.agents { agents[declaration.number]?.skills = declaration.skills }
        // A policy taken out of the configuration goes back to the default.
        let policies = Dictionary(program.agents.map { ($0.number, $0.recording) }) { $1 }
        for number in agents.keys { agents[number]?.recording = policies[number] ?? .onDemand }
        mobiles = Dictionary(program.agents.compactMap { agent in agent.mobile.map { (agent.number, $0) } }) { $1 }
    }

    public func queue(named name: String) -> QueueDeclaration? { queues.first { $0.name == name } }

    // MARK: - Agents (logging in, pausing, star codes, supervision: CallCentre+Agents.swift)

    func setState(_ number: Int, _ state: AgentState, event kind: QueueEventKind? = nil, reason: String? = nil) {
        agents[number]?.state = state
        agents[number]?.since = frame
        if let kind { log(kind, agent: number, reason: reason) }
    }

    // MARK: - Events

    /// Folds in one engine event. Returns true when the event was a star code, which
    /// the centre has answered (the phone is not to be put through anywhere).
    @discardableResult
    public func handle(_ event: EngineEvent, program: (Int) -> ExecutableProgram?, callID: (Int) -> String?) -> Bool {
        frame = max(frame, event.frame)
        switch event {
        case .queueEntered(let port, let queue, let priority, _):
            if case .callback(let placeholder) = lineUse[port] {
                callbackAnswered(placeholder, on: port, priority: priority, callID: callID(port))
                break
            }
            guard let declaration = program(port)?.program.queues[queue] else { return false }
            // An agent who put its caller in a queue (hook flash, the queue's number) is done with it.
            for (number, agent) in agents where agent.state == .onCall(caller: port) {
                log(.transferred, queue: conversations[number]?.queue, callID: callID(port), agent: number, reason: "queue \(declaration.name)")
                phoneReleased(number)
            }
            join(port, declaration, priority: priority, callID: callID(port))
        case .callbackRequested(let port, let number, _):
            keepPlace(of: port, callbackNumber: number.description)
        case .dialFailed(let line, let reason, _):
            dialFailed(line, reason)
        case .queueLeft(let port, _):
            guard let (name, index) = position(of: port) else { break }
            let caller = waiting[name]!.remove(at: index)
            if overflowing.remove(port) == nil { log(.leftByKey, queue: name, caller: caller) }
            release(caller)
        case .extensionRinging(let phone, let caller, _):
            if let (name, _) = position(of: caller) { log(.offered, queue: name, callID: callID(caller), agent: phone + 1) }
        case .offerMissed(let phone, let caller, _):
            missed(phone + 1, caller: caller, callID: callID(caller))
        case .bridged(let port, let peer, _):
            let number = agentNumber(onPort: peer)
            guard let (name, index) = position(of: port), agents[number] != nil else { break }
            let caller = waiting[name]!.remove(at: index)
            release(caller, except: number)
            var agent = agents[number]!
            agent.state = .onCall(caller: port)
            agent.since = frame
            agent.missesInRow = 0
            agent.callsToday += 1
            agent.lastCallID = caller.callID
            agents[number] = agent
            handledCounts[name, default: 0] += 1
            conversations[number] = Conversation(queue: name, callID: caller.callID, agent: number, started: frame)
            log(.connected, queue: name, caller: caller, agent: number)
        case .extensionReleased(let phone, _):
            phoneReleased(phone + 1)
        case .transferred(let port, let target, _):
            log(.transferred, callID: callID(port), agent: target + 1)
        case .ended(let port, _, _):
            overflowing.remove(port)
            if lineUse[port] != nil { lineEnded(port) }
            guard let (name, index) = position(of: port) else { break }
            let caller = waiting[name]!.remove(at: index)
            log(.abandoned, queue: name, caller: caller)
            release(caller)
        case .extensionDialed(let phone, let number, _):
            guard let code = StarCode(dialled: number.description) else { return number.description.hasPrefix("*") ? refuse(phone) : false }
            if let reply = starCode(code, phone: phone) { send(.confirm(phone: phone, reply)) }
            return true
        default:
            break
        }
        return false
    }

    private func refuse(_ phone: Int) -> Bool {
        send(.confirm(phone: phone, .refused))
        return true
    }

    private func join(_ port: Int, _ declaration: QueueDeclaration, priority: Int, callID: String?) {
        let name = declaration.name
        let caller = WaitingCaller(port: port, callID: callID, priority: priority, entered: frame,
                                   nextAnnouncement: frame + declaration.announceFrames)
        log(.entered, queue: name, caller: caller, detail: priority)
        if !isQueueOpen(declaration) {
            overflow(caller, in: name, .closed)
        } else if let limit = declaration.maxCallers, (waiting[name]?.count ?? 0) >= limit {
            overflow(caller, in: name, .full)
        } else if !isStaffed(declaration) {
            overflow(caller, in: name, .noAgents)
        } else {
            waiting[name, default: []].append(caller)
        }
    }

    private func overflow(_ caller: WaitingCaller, in queue: String, _ reason: QueueOverflow) {
        overflowing.insert(caller.port)
        log(.overflowed, queue: queue, caller: caller, reason: "\(reason)")
        send(.overflow(caller: caller.port, reason))
    }

    func missed(_ number: Int, caller port: Int, callID: String?) {
        guard var agent = agents[number] else { return }
        let queueName = position(of: port)?.queue
        if let (name, index) = position(of: port) {
            waiting[name]![index].ringing.remove(number)
            waiting[name]![index].missedBy.insert(number)
        }
        log(.missed, queue: queueName, callID: callID, agent: number)
        agent.missesInRow += 1
        agents[number] = agent
        if agent.state == .ringing(caller: port) { setState(number, .available) }
        let limit = queueName.flatMap { queue(named: $0) }?.pauseAfterMisses ?? QueueDeclaration.defaultPauseAfterMisses
        if agent.missesInRow >= limit, agents[number]!.state.isStaffing {
            pause(number, reason: "missed \(agent.missesInRow) offers")
        }
    }

    func phoneReleased(_ number: Int) {
        guard let agent = agents[number] else { return }
        switch agent.state {
        case .onCall:
            guard let conversation = conversations.removeValue(forKey: number) else { break }
            let talk = frame - conversation.started
            handleTimes[conversation.queue, default: []].append(talk)
            if handleTimes[conversation.queue]!.count > Self.handleTimesKept { handleTimes[conversation.queue]!.removeFirst() }
            agents[number]?.lastCallEnded = frame
            log(.completed, queue: conversation.queue, callID: conversation.callID, agent: number,
                detail: Int(AudioFormatFrames.seconds(talk).rounded()))
            let wrapUp = queue(named: conversation.queue).map { AudioFormatFrames.frames(milliseconds: $0.wrapUpMilliseconds) } ?? 0
            setState(number, wrapUp > 0 ? .wrapUp(until: frame + wrapUp) : .available)
        case .ringing:
            setState(number, .available)
        default:
            break
        }
    }

    /// The caller no longer waits: agents still ringing for it are free again.
    func release(_ caller: WaitingCaller, except answering: Int? = nil) {
        for number in caller.ringing where number != answering {
            if case .ringing = agents[number]?.state { setState(number, .available) }
        }
    }

    // MARK: - Each control step

    /// Wrap-ups that ended, overflows, announcements and new offers, at `frame`.
    public func tick(frame now: Int64) {
        frame = max(frame, now)
        for (number, agent) in agents {
            if case .wrapUp(let until) = agent.state, until <= frame { setState(number, .available) }
        }
        for declaration in queues where !(waiting[declaration.name]?.isEmpty ?? true) {
            serve(declaration)
        }
        // A reload that removed a queue: its callers are not left waiting for no one.
        for (name, callers) in waiting where queue(named: name) == nil {
            for caller in callers where !overflowing.contains(caller.port) { overflow(caller, in: name, .noAgents) }
        }
    }

    private func isStaffed(_ queue: QueueDeclaration) -> Bool {
        queue.agents.contains { agents[$0]?.state.isStaffing == true }
    }

    private func serve(_ declaration: QueueDeclaration) {
        let name = declaration.name
        if !isQueueOpen(declaration) {
            // Closing time with callers waiting: they go to `on closed`; callbacks wait for the morning.
            for caller in waiting[name]! where caller.ringing.isEmpty && caller.callback == nil && !overflowing.contains(caller.port) {
                overflow(caller, in: name, .closed)
            }
            return
        } else if !isStaffed(declaration) {
            for caller in waiting[name]! where caller.ringing.isEmpty && caller.callback == nil && !overflowing.contains(caller.port) {
                overflow(caller, in: name, .noAgents)
            }
        } else if let maxWait = declaration.maxWaitMilliseconds {
            let limit = AudioFormatFrames.frames(milliseconds: maxWait)
            for caller in waiting[name]! where frame - caller.entered >= limit && caller.ringing.isEmpty && caller.callback == nil
                && !caller.calledBack
                && !overflowing.contains(caller.port) {
                overflow(caller, in: name, .timeout)
            }
        }
        waiting[name]!.sort { ($0.priority, -$0.entered) > ($1.priority, -$1.entered) }
        announce(in: declaration)
        offer(in: declaration)
    }

    private func announce(in declaration: QueueDeclaration) {
        guard declaration.announceMilliseconds != nil else { return }
        let name = declaration.name
        for index in waiting[name]!.indices where waiting[name]![index].nextAnnouncement <= frame {
            let caller = waiting[name]![index]
            guard !overflowing.contains(caller.port), caller.callback == nil else { continue }
            waiting[name]![index].nextAnnouncement = frame + declaration.announceFrames
            let minutes = estimatedWaitMinutes(position: index + 1, in: declaration)
            send(.announce(caller: caller.port, position: index + 1, waitMinutes: minutes))
            log(.announced, queue: name, caller: caller, detail: index + 1)
        }
    }

    /// Recent handle times spread over the agents staffing the queue; 0 before any call was handled.
    func estimatedWaitMinutes(position: Int, in declaration: QueueDeclaration) -> Int {
        guard let times = handleTimes[declaration.name], !times.isEmpty else { return 0 }
        let staff = max(1, declaration.agents.filter { agents[$0]?.state.isStaffing == true }.count)
        let average = AudioFormatFrames.seconds(times.reduce(0, +)) / Double(times.count)
        return max(1, Int((average * Double(position) / Double(staff) / 60).rounded(.up)))
    }

    private func offer(in declaration: QueueDeclaration) {
        let name = declaration.name
        var free = declaration.agents.filter { number in
            agents[number]?.state == .available && (mobiles[number] == nil ? isPhoneFree(number - 1) : freeLine() != nil)
        }
        let ringFrames = Int32(AudioFormatFrames.frames(milliseconds: declaration.ringMilliseconds))
        for index in waiting[name]!.indices where !free.isEmpty {
            let caller = waiting[name]![index]
            if caller.callback != nil {
                // Its place came up: an agent is free for it, so call it back (and keep that agent for it).
                if placeCallback(at: index, in: declaration) { free.removeFirst() }
                continue
            }
            guard caller.ringing.isEmpty, !overflowing.contains(caller.port) else { continue }
            var untried = free.filter { !caller.missedBy.contains($0) }
            if untried.isEmpty {
                waiting[name]![index].missedBy = []  // everyone free has missed it: start a new round
                untried = free
            }
            let candidates = untried.map { number in
                let agent = agents[number]!
                return AgentCandidate(agent: number, lastCallEndedAt: agent.lastCallEnded.map { clock.date(atFrame: $0) },
                                      callsToday: agent.callsToday, skills: agent.skills)
            }
            let ordered = declaration.strategy.order(candidates, after: lastOffered[name], using: &generator)
            let chosen = declaration.strategy.ringsTogether ? ordered.map(\.agent) : [ordered[0].agent]
            for number in chosen {
                if let mobile = mobiles[number] {
                    guard let line = freeLine(), let digits = KeyString(mobile) else { continue }
                    lineUse[line] = .followMe(agent: number, caller: caller.port)
                    send(.offerByLine(line: line, caller: caller.port, number: digits, ringFrames: ringFrames))
                    log(.offered, queue: name, callID: caller.callID, agent: number, reason: "line \(line + 1)")
                } else {
                    send(.offer(phone: number - 1, caller: caller.port, ringFrames: ringFrames))
                }
                setState(number, .ringing(caller: caller.port))
                waiting[name]![index].ringing.insert(number)
                free.removeAll { $0 == number }
            }
            lastOffered[name] = chosen.last
        }
    }

    // MARK: - Views and the record

    /// Whether the caller on `port` (0-based) waits in a queue.
    public func isWaiting(port: Int) -> Bool { position(of: port) != nil }

    func position(of port: Int) -> (queue: String, index: Int)? {
        for (name, callers) in waiting {
            if let index = callers.firstIndex(where: { $0.port == port }) { return (name, index) }
        }
        return nil
    }

    func log(_ kind: QueueEventKind, queue: String? = nil, caller: WaitingCaller, agent: Int? = nil,
                     detail: Int? = nil, reason: String? = nil) {
        log(kind, queue: queue, callID: caller.callID, agent: agent,
            waitSeconds: AudioFormatFrames.seconds(frame - caller.entered), detail: detail, reason: reason)
    }

    func log(_ kind: QueueEventKind, queue: String? = nil, callID: String? = nil, agent: Int? = nil,
                     waitSeconds: Double? = nil, detail: Int? = nil, reason: String? = nil) {
        record(QueueEvent(at: clock.date(atFrame: frame), kind: kind, queue: queue, callID: callID, agent: agent,
                          waitSeconds: waitSeconds, detail: detail, reason: reason))
    }
}

extension QueueDeclaration {
    var announceFrames: Int64 {
        announceMilliseconds.map { AudioFormatFrames.frames(milliseconds: $0) } ?? .max / 2
    }
}

/// Frames of 20 ms, as the engine counts time.
enum AudioFormatFrames {
    static func frames(milliseconds: Int) -> Int64 { Int64(AudioFormat.frames(milliseconds: milliseconds)) }
    static func seconds(_ frames: Int64) -> Double { Double(frames * Int64(AudioFormat.frameMilliseconds)) / 1000 }
}
