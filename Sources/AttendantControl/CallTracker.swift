import AttendantEngine
import AttendantStore
import Foundation
import Logging

/// What the console shows of one port.
public struct ChannelView: Sendable, Equatable {
    public enum State: String, Sendable {
        case idle
        case ringing
        case inMenu = "in menu"
        case bridged
        /// An office phone that dialled an extension and waits for it.
        case dialing
    }

    public var port: Int
    public var state: State
    public var callerNumber: String?
    public var menu: String?
    public var prompt: String?
    public var keys: String
    public var since: Date?
    /// The program version the call runs on (hex), nil before it is answered.
    public var version: String?
}

/// What an engine event changes in the database's `calls`.
public enum CallRecordChange: Sendable, Equatable {
    /// A call was answered: its row is written now, in progress.
    case opened(OpenCall)
    /// A call ended: its row is completed (or written, for a call never answered).
    case finished(CallRecord)
}

/// The control thread's view of calls: folds engine events into channel views and
/// into the rows of `calls`: opened when a call is answered, completed when it ends.
/// Owned by one thread (the control thread, or the simulation's driver).
public final class CallTracker {
    private struct CallInProgress {
        var callID: String
        var ringAt: Date
        var callerNumber: String?
        var answeredAt: Date?
        /// Durations count frames: the wall clock may be set during a call.
        var answeredFrame: Int64?
        var menuPath: [String] = []
        var keys = ""
        var program: ExecutableProgram?
        var prompt: String?
        /// The port whose call this one is bridged to (0-based).
        var bridgedTo: Int?
        /// Menus or keys changed since the last heartbeat took them.
        var progressed = false
    }

    private let clock: FrameClock
    private var programs: [UInt64: ExecutableProgram] = [:]
    /// Declared actions already logged as not available, per program version.
    private var reportedRequests: Set<[UInt64]> = []
    private let logger = Logger(label: "attendant.program")
    private var calls: [Int: CallInProgress] = [:]
    /// Office phones (FXS) in use: ringing for a caller, or in a call with one.
    private var phones: [Int: (state: ChannelView.State, caller: Int)] = [:]
    private let portCount: Int

    public init(portCount: Int, clock: FrameClock, programs: [ExecutableProgram]) {
        self.portCount = portCount
        self.clock = clock
        for program in programs { register(program) }
    }

    /// Versions of the programs calls in progress run on.
    public var programVersionsInUse: Set<UInt64> {
        Set(calls.values.compactMap { $0.program?.version })
    }

    /// Forgets programs other than `versions` (no call runs on them any more).
    public func forget(keeping versions: Set<UInt64>) {
        programs = programs.filter { versions.contains($0.key) }
    }

    /// Makes a program's menu and prompt names known, before calls can use it.
    public func register(_ program: ExecutableProgram) {
        programs[program.version] = program
    }

    /// Folds one event in; returns what it changes in `calls`, if anything.
    public func handle(_ event: EngineEvent) -> CallRecordChange? {
        let date = clock.date(atFrame: event.frame)
        switch event {
        case .ringing(let port, _):
            calls[port] = CallInProgress(callID: Self.newCallID(port: port, at: date), ringAt: date)
        case .callerID(let port, let number, _):
            calls[port]?.callerNumber = number.description
        case .answered(let port, _, let version):
            if calls[port] == nil {
                calls[port] = CallInProgress(callID: Self.newCallID(port: port, at: date), ringAt: date)
            }
            calls[port]?.answeredAt = date
            calls[port]?.answeredFrame = event.frame
            calls[port]?.program = programs[version]
            guard let call = calls[port] else { return nil }
            return .opened(OpenCall(callID: call.callID, port: port + 1, callerNumber: call.callerNumber,
                                    ringAt: call.ringAt, answeredAt: date, menuVersion: version))
        case .menuEntered(let port, let menu, _):
            let name = calls[port]?.program?.menuName(menu) ?? "#\(menu)"
            calls[port]?.menuPath.append(name)
            calls[port]?.progressed = true
        case .promptStarted(let port, let prompt, _):
            let name = calls[port]?.program?.promptName(prompt)
            calls[port]?.prompt = name
        case .keyPressed(let port, let key, _):
            calls[port]?.keys.append(Character(Unicode.Scalar(key)))
            calls[port]?.progressed = true
        case .unavailableAction(let port, let request, _):
            guard let program = calls[port]?.program,
                  reportedRequests.insert([program.version, UInt64(request)]).inserted else { break }
            logger.notice("'\(program.requestDescription(request))' is not available yet: callers hear 'not-available' and go on",
                          metadata: ["program": "\(String(program.version, radix: 16))"])
        case .bridged(let port, let peer, _):
            calls[port]?.bridgedTo = peer
            calls[peer]?.bridgedTo = port
            if phones[peer] != nil { phones[peer] = (.bridged, port) }
            if phones[port] != nil { phones[port] = (.bridged, peer) }
        case .extensionRequested, .queueEntered, .queueLeft, .offerMissed, .held, .callbackRequested, .dialFailed, .recordingRequested,
             .voicemailRequested, .voicemailPlayed, .messageRecorded:
            break
        case .transferred(let port, let target, _):
            calls[port]?.bridgedTo = target
            if phones[target] != nil { phones[target] = (phones[target]!.state, port) }
        case .extensionDialed(let port, _, _):
            phones[port] = (.dialing, port)
        case .extensionRinging(let port, let caller, _):
            phones[port] = (.ringing, caller)
            if phones[caller] != nil { phones[caller] = (.dialing, port) }
        case .extensionReleased(let port, _):
            phones[port] = nil
        case .unbridged(let port, _):
            calls[port]?.bridgedTo = nil
        case .commandRefused(let port, _):
            logger.notice("port \(port + 1): a switch command was refused (no call that can be connected there)")
        case .ended(let port, let reason, _):
            guard let call = calls.removeValue(forKey: port) else { return nil }
            return .finished(CallRecord(
                callID: call.callID, port: port + 1, callerNumber: call.callerNumber,
                ringAt: call.ringAt, answeredAt: call.answeredAt, endedAt: date,
                durationSeconds: call.answeredFrame.map { FrameClock.seconds(frames: event.frame - $0) } ?? 0,
                menuPath: call.menuPath, keys: call.keys,
                disposition: Self.disposition(for: reason),
                menuVersion: call.program?.version))
        }
        return nil
    }

    /// Ports (0-based) with a call ringing or in progress, lowest first.
    public var portsWithCalls: [Int] { calls.keys.sorted() }

    /// Answered calls whose menus or keys changed since `progressSaved()`, for the heartbeat.
    public var unsavedProgress: [CallProgress] {
        calls.keys.sorted().compactMap { port in
            guard let call = calls[port], call.progressed, call.answeredAt != nil else { return nil }
            return CallProgress(callID: call.callID, menuPath: call.menuPath, keys: call.keys)
        }
    }

    /// The heartbeat took `unsavedProgress`.
    public func progressSaved() {
        for port in calls.keys { calls[port]?.progressed = false }
    }

    /// Whether any call has been answered and not ended.
    public var hasAnsweredCalls: Bool { calls.values.contains { $0.answeredAt != nil } }

    /// The program the call on `port` (0-based) runs on.
    public func program(onPort port: Int) -> ExecutableProgram? { calls[port]?.program }

    /// The id of the call on `port` (0-based), while it lasts.
    public func callID(onPort port: Int) -> String? { calls[port]?.callID }

    /// The caller ID of the call on `port`, when one came.
    public func callerNumber(onPort port: Int) -> String? { calls[port]?.callerNumber }

    /// Whether the phone on FXS `port` (0-based) is ringing or in a call.
    public func isPhoneInUse(_ port: Int) -> Bool { phones[port] != nil }

    /// Whom the call on `port` is bridged to (0-based), if anyone.
    public func bridgedPeer(ofCall port: Int) -> Int? { calls[port]?.bridgedTo }

    /// The caller (0-based port) put through to `port` (an agent's phone or line), if any.
    public func caller(bridgedTo port: Int) -> Int? {
        calls.first { $0.key != port && $0.value.bridgedTo == port }?.key
    }

    /// Every port, numbered from 1 as on the board's front panel.
    public var channelViews: [ChannelView] {
        (0..<portCount).map { port in
            if let phone = phones[port] {
                return ChannelView(port: port + 1, state: phone.state, callerNumber: calls[phone.caller]?.callerNumber,
                                   menu: phone.caller == port ? "dialled" : "with port \(phone.caller + 1)", keys: "")
            }
            guard let call = calls[port] else {
                return ChannelView(port: port + 1, state: .idle, callerNumber: nil, keys: "")
            }
            let state: ChannelView.State = call.answeredAt == nil ? .ringing : call.bridgedTo == nil ? .inMenu : .bridged
            return ChannelView(port: port + 1, state: state,
                               callerNumber: call.callerNumber,
                               menu: call.bridgedTo.map { "with port \($0 + 1)" } ?? call.menuPath.last,
                               prompt: call.bridgedTo == nil ? call.prompt : nil, keys: call.keys,
                               since: call.answeredAt ?? call.ringAt,
                               version: call.program.map { String($0.version, radix: 16) })
        }
    }

    static func disposition(for reason: CallEndReason) -> CallDisposition {
        switch reason {
        case .callerHungUp: .callerHungUp
        case .menuHungUp: .menuHungUp
        case .farEndHungUp: .farEndHungUp
        case .notAnswered: .noAnswer
        case .failed: .failed
        case .ignored: .ignored
        case .shutDown: .shutDown
        }
    }

    private static func newCallID(port: Int, at date: Date) -> String {
        let stamp = Int64(date.timeIntervalSince1970 * 1000)
        return "\(stamp)-p\(port + 1)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
