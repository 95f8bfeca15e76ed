/// Why a call ended, as the engine saw it.
public enum CallEndReason: UInt8, Sendable, BitwiseCopyable {
    /// The caller put the phone down (loop current dropped).
    case callerHungUp
    /// The menu finished the call (a `hangup` action).
    case menuHungUp
    /// The exchange played busy, congestion or dial tone: the far end is gone.
    case farEndHungUp
    /// Ringing stopped before the call was answered.
    case notAnswered
    /// Something inside failed; the line was released.
    case failed
    /// A file-level `ignore` rule matched the caller: the line was never answered.
    case ignored
    /// The appliance ended the call because it is shutting down (after a grace).
    case shutDown
}

/// What the media thread tells the rest of the process. Plain values only, so
/// publishing one never allocates. Ports count from 0; frames from the engine's start.
public enum EngineEvent: Sendable, Equatable, BitwiseCopyable {
    case ringing(port: Int, frame: Int64)
    /// Caller ID arrived while the line was ringing.
    case callerID(port: Int, number: KeyString, frame: Int64)
    case answered(port: Int, frame: Int64, programVersion: UInt64)
    case menuEntered(port: Int, menu: Int, frame: Int64)
    case promptStarted(port: Int, prompt: Int, frame: Int64)
    case keyPressed(port: Int, key: UInt8, frame: Int64)
    /// A declared action that is not built yet (`ProgramCode.requests[request]`) was asked for.
    case unavailableAction(port: Int, request: Int, frame: Int64)
    case ended(port: Int, reason: CallEndReason, frame: Int64)
    /// The call on `port` hears the one on `peer` (and the other way round).
    case bridged(port: Int, peer: Int, frame: Int64)
    /// The call on `port` left its bridge and is back in its menu.
    case unbridged(port: Int, frame: Int64)
    /// A command could not be carried out (a port with no call to connect).
    case commandRefused(port: Int, frame: Int64)
    /// The caller on `port` asks to be put through to an extension (`ProgramCode.requests[request]`).
    case extensionRequested(port: Int, request: Int, frame: Int64)
    /// The office phone on FXS `port` dialled `number` (an extension).
    case extensionDialed(port: Int, number: KeyString, frame: Int64)
    /// The phone on FXS `port` rings for the caller on `caller`.
    case extensionRinging(port: Int, caller: Int, frame: Int64)
    /// The phone on FXS `port` went on hook: its part of a call is over.
    case extensionReleased(port: Int, frame: Int64)
    /// The caller on `port` waits in `queue` (`MenuProgram.queues`); a VIP has priority 1.
    case queueEntered(port: Int, queue: Int, priority: Int, frame: Int64)
    /// The caller on `port` left its queue by a key or an overflow (not by being answered).
    case queueLeft(port: Int, frame: Int64)
    /// The office phone on `port` was offered the caller on `caller` and did not take it:
    /// it rang out, or was busy or gone when the offer came.
    case offerMissed(port: Int, caller: Int, frame: Int64)
    /// The agent on phone `by` flashed: the call on `port` is on hold while the agent consults.
    case held(port: Int, by: Int, frame: Int64)
    /// The agent hung up while consulting: the call on `port` goes to the phone on `to`.
    case transferred(port: Int, to: Int, frame: Int64)
    /// The caller on `port`, waiting in a queue, asked to be called back on `number`
    /// (its caller ID) and is leaving the line; its place is to be kept.
    case callbackRequested(port: Int, number: KeyString, frame: Int64)
    /// A call the line on `port` made (`EngineCommand.callBack`, `.offerByLine`) did not connect.
    case dialFailed(port: Int, reason: DialFailure, frame: Int64)
    /// The caller on `port` chose a menu's `record`: the control side starts recording the call.
    case recordingRequested(port: Int, frame: Int64)
    /// The caller on `port` chose `voicemail BOX` or `check-voicemail BOX`
    /// (`ProgramCode.requests[request]`): the control side runs the box.
    case voicemailRequested(port: Int, request: Int, frame: Int64)
    /// What the control side queued for the call in voicemail on `port` has all played.
    case voicemailPlayed(port: Int, frame: Int64)
    /// The message being recorded on `port` ended after `frames` frames.
    case messageRecorded(port: Int, frames: Int32, reason: MessageEnd, frame: Int64)

    public var port: Int {
        switch self {
        case .ringing(let port, _), .callerID(let port, _, _), .answered(let port, _, _), .menuEntered(let port, _, _),
             .promptStarted(let port, _, _), .keyPressed(let port, _, _), .unavailableAction(let port, _, _),
             .ended(let port, _, _), .bridged(let port, _, _), .unbridged(let port, _), .commandRefused(let port, _),
             .extensionRequested(let port, _, _), .extensionDialed(let port, _, _), .extensionRinging(let port, _, _), .extensionReleased(let port, _),
             .queueEntered(let port, _, _, _), .queueLeft(let port, _), .offerMissed(let port, _, _),
             .held(let port, _, _), .transferred(let port, _, _), .callbackRequested(let port, _, _), .dialFailed(let port, _, _),
             .recordingRequested(let port, _), .voicemailRequested(let port, _, _), .voicemailPlayed(let port, _),
             .messageRecorded(let port, _, _, _):
            port
        }
    }

    public var frame: Int64 {
        switch self {
        case .ringing(_, let frame), .callerID(_, _, let frame), .answered(_, let frame, _), .menuEntered(_, _, let frame),
             .promptStarted(_, _, let frame), .keyPressed(_, _, let frame), .unavailableAction(_, _, let frame),
             .ended(_, _, let frame), .bridged(_, _, let frame), .unbridged(_, let frame), .commandRefused(_, let frame),
             .extensionRequested(_, _, let frame), .extensionDialed(_, _, let frame), .extensionRinging(_, _, let frame), .extensionReleased(_, let frame),
             .queueEntered(_, _, _, let frame), .queueLeft(_, let frame), .offerMissed(_, _, let frame),
             .held(_, _, let frame), .transferred(_, _, let frame), .callbackRequested(_, _, let frame), .dialFailed(_, _, let frame),
             .recordingRequested(_, let frame), .voicemailRequested(_, _, let frame), .voicemailPlayed(_, let frame),
             .messageRecorded(_, _, _, let frame):
            frame
        }
    }
}

/// Why a call we made did not connect.
public enum DialFailure: Int32, Sendable, Equatable, BitwiseCopyable, CustomStringConvertible {
    /// The number is in a call.
    case busy
    /// The network could not reach the number (congestion tone).
    case unobtainable
    /// It rang out, or nobody spoke.
    case noAnswer
    /// A follow-me agent pressed 2, or hung up before accepting.
    case rejected
    /// The caller it was for stopped waiting (hung up, taken by another agent, left).
    case withdrawn
    /// The line was not free when the command came.
    case lineBusy

    public var description: String {
        switch self {
        case .busy: "busy"
        case .unobtainable: "unobtainable"
        case .noAnswer: "no answer"
        case .rejected: "rejected"
        case .withdrawn: "withdrawn"
        case .lineBusy: "line busy"
        }
    }
}
