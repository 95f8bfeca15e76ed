import AttendantEngine
import AttendantMenu

/// Calls the centre makes on FXO lines: callbacks that keep a caller's place, and
/// offers to follow-me agents on their mobiles.
extension CallCentre {
    /// Attempts a callback gets before it is given up.
    static let callbackAttempts = 3
    static let callbackRetryFrames = AudioFormatFrames.frames(milliseconds: 60_000)
    static let callbackRingFrames = Int32(AudioFormatFrames.frames(milliseconds: 30_000))

    /// Callers waiting off the line to be called back, and calls being dialled.
    public var pendingCallbacks: Int {
        waiting.values.reduce(0) { $0 + $1.filter { $0.callback != nil }.count }
    }

    /// An idle FXO line no call of ours is using.
    func freeLine() -> Int? {
        outgoingLines.first { lineUse[$0] == nil && isLineIdle($0) }
    }

    /// The port (0-based) agent `number` talks on: its follow-me line while it has one, else its office phone.
    func port(ofAgent number: Int) -> Int {
        for (line, use) in lineUse { if case .followMe(number, _) = use { return line } }
        return number - 1
    }

    /// The agent talking on `port` (0-based): a follow-me agent's line, or an office phone.
    func agentNumber(onPort port: Int) -> Int {
        if case .followMe(let agent, _) = lineUse[port] { return agent }
        return port + 1
    }

    /// Whether `port` is a line a follow-me agent talks on now.
    func isFollowMeLine(_ port: Int) -> Bool {
        if case .followMe = lineUse[port] { return true }
        return false
    }

    /// The caller on `port` asked to be called back: it leaves the line and keeps its place.
    func keepPlace(of port: Int, callbackNumber number: String) {
        guard let (name, index) = position(of: port) else { return }
        let caller = waiting[name]![index]
        release(caller)
        waiting[name]![index].ringing = []
        waiting[name]![index].port = nextPlaceholder
        waiting[name]![index].callback = Callback(number: number)
        nextPlaceholder -= 1
        log(.callbackRequested, queue: name, caller: caller, reason: number)
    }

    /// Dials the callback at `index` if it is not being dialled; true while a line is on it.
    func placeCallback(at index: Int, in declaration: QueueDeclaration) -> Bool {
        let name = declaration.name
        guard let callback = waiting[name]![index].callback else { return false }
        if callback.line != nil { return true }
        guard callback.retryAt <= frame, let line = freeLine(), let digits = KeyString(callback.number),
              let queue = queues.firstIndex(where: { $0.name == name }) else { return false }
        let placeholder = waiting[name]![index].port
        lineUse[line] = .callback(placeholder: placeholder)
        waiting[name]![index].callback!.line = line
        waiting[name]![index].callback!.attempts += 1
        send(.callBack(line: line, number: digits, queue: Int32(queue), ringFrames: Self.callbackRingFrames))
        log(.callbackPlaced, queue: name, caller: waiting[name]![index], detail: line + 1, reason: callback.number)
        return true
    }

    /// The caller called back answered on `line`: it takes its kept place, first in line.
    func callbackAnswered(_ placeholder: Int, on line: Int, priority: Int, callID: String?) {
        lineUse[line] = nil
        guard let (name, index) = position(of: placeholder) else { return }
        waiting[name]![index].port = line
        waiting[name]![index].priority = max(waiting[name]![index].priority, priority)
        waiting[name]![index].callback = nil
        waiting[name]![index].calledBack = true
        waiting[name]![index].nextAnnouncement = frame + (queue(named: name)?.announceFrames ?? 0)
        log(.callbackAnswered, queue: name, caller: waiting[name]![index], reason: callID)
    }

    func dialFailed(_ line: Int, _ reason: DialFailure) {
        guard let use = lineUse.removeValue(forKey: line) else { return }
        switch use {
        case .callback(let placeholder):
            guard let (name, index) = position(of: placeholder) else { return }
            let caller = waiting[name]![index]
            let attempts = caller.callback?.attempts ?? Self.callbackAttempts
            if attempts >= Self.callbackAttempts {
                waiting[name]!.remove(at: index)
                log(.callbackFailed, queue: name, caller: caller, detail: attempts, reason: "\(reason); given up")
            } else {
                waiting[name]![index].callback?.line = nil
                waiting[name]![index].callback?.retryAt = frame + Self.callbackRetryFrames
                log(.callbackFailed, queue: name, caller: caller, detail: attempts, reason: "\(reason)")
            }
        case .followMe(let agent, let caller):
            if reason == .withdrawn || reason == .lineBusy {
                if case .ringing = agents[agent]?.state { setState(agent, .available) }
                if let (name, index) = position(of: caller) { waiting[name]![index].ringing.remove(agent) }
            } else {
                missed(agent, caller: caller, callID: nil)
            }
        }
    }

    /// A line we called out on was released (its far end hung up, or the call ended).
    func lineEnded(_ line: Int) {
        guard let use = lineUse[line] else { return }
        if case .followMe(let agent, _) = use, case .onCall = agents[agent]?.state {
            lineUse[line] = nil
            phoneReleased(agent)
        } else {
            dialFailed(line, .noAnswer)
        }
    }
}
