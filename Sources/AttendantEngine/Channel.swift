import AttendantDSP
import AttendantMenu

/// One port's call state, owned by the media thread. Every buffer is made at init:
/// a call moves through its phases without allocating.
final class Channel {
    enum Phase: UInt8 {
        case idle
        case ringing
        /// Ringing, and a file-level `ignore` rule matched the caller: never answered.
        case ignoring
        /// An office phone (FXS) we ring for a caller waiting to be put through.
        case alerting
        /// Answered; a menu's prompts are playing (keys barge in), then a key is awaited.
        case playing
        /// Answered; the menu's prompts have ended and a key is awaited.
        case waitingForKey
        /// Answered; a menu's prompts play while digits are collected.
        case collecting
        /// An office phone off hook: dial tone, then the extension it dials.
        case dialing
        /// An office phone whose call could not be made or was left: busy tone until on hook.
        case engaged
        /// Answered; waits, hearing ringback, while the control side finds and rings a phone.
        case transferring
        /// Answered and connected to other calls through the switch; the menu waits.
        case bridged
        /// Answered; waits in a queue hearing music and announcements while agents are offered the call.
        case queued
        /// An office phone that dialled a star code hears the reply, then dial tone again.
        case confirming
        /// Answered; put on hold by the agent it talked to (hook flash), hearing music.
        case held
        /// Answered; the last prompts play, then the line is released. Keys are ignored.
        case finishing
        /// An FXO line we seized to call out (a callback, a follow-me agent): dial tone,
        /// digits, then ringback until someone speaks.
        case callingOut
        /// A follow-me agent answered: "press 1 to accept this call" until they do.
        case accepting
        /// Answered; leaving a message or listening to a box, driven by the control side
        /// (`VoicemailCommand`): prompts and a message play, keys go to the control side.
        case voicemail
    }

    /// How far a call we make has got.
    enum DialStage: UInt8 {
        case awaitingDialTone, sendingDigits, ringing
    }

    static let queueCapacity = 64
    static let backStackCapacity = 32
    static let variableCapacity = MenuCompiler.maximumVariables

    let port: Int
    let detector: DTMFDetector
    let callerID: CallerIDReceiver
    let callProgress: CallProgressDetector
    var callerIDReported = false
    /// The recording this call's frames go to (`RecordingTap`), or -1.
    var recording: Int32 = -1
    var phase: Phase = .idle

    // Ringing.
    var ringCount = 0
    var lastRingFrame: Int64 = 0

    // The call's program: the version it was answered with, kept to the end of the call.
    var program: ExecutableProgram?
    var menu: Int32 = 0
    var attempts: Int32 = 0
    var keyDeadline: Int64 = 0
    /// The next instruction, where the interpreter resumes.
    var pc: Int32 = 0
    var language: Int32 = 0
    var callerNumber = KeyString()
    /// Call variables, by the program's variable index.
    let variables: UnsafeMutablePointer<KeyString>
    /// Digits collected so far by a `collect` menu.
    var collected = KeyString()
    /// A caller being put through: the FXS port being rung for it; an FXS port being
    /// rung: the caller it is rung for. -1 when neither.
    var transferPeer = -1
    /// An office phone that flashed to consult: the caller it put on hold, else -1.
    var heldParty = -1
    /// The queue the call waits in (`queued`), else -1.
    var waitingIn: Int32 = -1
    /// Where the call's action goes on once it leaves a bridge it was put into from a queue; -1: its menu.
    var resumeAt: Int32 = -1
    /// How far into its queue's music the caller is: each caller hears it from when it joined.
    var musicPosition = 0
    /// A call this port makes: the number, how far it got, how long it may ring, and,
    /// for a callback, the queue the answered call waits in (-1: a follow-me offer for
    /// the caller on `transferPeer`).
    var dialNumber = KeyString()
    var dialStage = DialStage.awaitingDialTone
    var dialRingFrames: Int32 = 0
    var dialQueue: Int32 = -1
    /// The number of the caller an office phone rings for, sent to it between rings.
    let callerIDOut: CallerIDTransmitter
    var callerIDOutAt: Int64 = 0
    var isSendingCallerID = false
    let dialer = DTMFGenerator(toneMilliseconds: 100, gapMilliseconds: 100, levelDBm0: -8, twistDB: -2)
    /// What a caller hears while the phone it is put through to rings.
    let ringback: ToneGenerator
    /// What an office phone hears: dial tone before it dials, busy tone when its call failed or ended.
    let dialTone: ToneGenerator
    let busyTone: ToneGenerator
    /// An agent's `*1`: a beep for started or stopped, congestion for refused.
    let recordingBeep: ToneGenerator
    let refusalTone: ToneGenerator
    var toneFramesLeft: Int32 = 0
    var toneIsRefusal = false

    // Menus to return to with `back`: the newest 32, in a ring, so that `back` always
    // returns to the menu the caller just came from, however deep the path.
    let backStack: UnsafeMutablePointer<Int32>
    var backDepth = 0
    private var backTop = 0

    // Prompts still to play after the current one.
    private let queue: UnsafeMutablePointer<Int32>
    private var queueHead = 0
    private(set) var queueCount = 0
    /// The clip playing (`messageClip`: the voicemail message), or -1.
    var currentPrompt: Int32 = -1
    var promptPosition = 0
    // Voicemail: a message the control side loaded (its memory), queued among the
    // prompts as `messageClip`; a message being recorded (frames so far, -1 when none).
    static let messageClip: Int32 = -2
    var message = UnsafeBufferPointer<Int16>(start: nil, count: 0)
    /// Whether `voicemailPlayed` went out since something was last queued.
    var voicemailReported = true
    /// The recording a message goes to once the queued prompts (the tone) have played, else -1.
    var pendingMessageRecording: Int32 = -1
    var messageFrames: Int32 = -1
    var messageMaxFrames: Int32 = 0
    var messageSilenceFrames: Int32 = 0
    var quietFrames: Int32 = 0
    /// The office phone on this port has a box with new messages: stutter dial tone, and
    /// the visual indicator is sent while it is on hook. Kept across calls.
    var messageWaiting = false
    /// The frame the phone went off hook (stutter dial tone lasts its first seconds).
    var offHookFrame: Int64 = 0
    /// Whether the visual message-waiting indicator (FSK) is going out to the idle phone.
    var isSendingIndicator = false

    /// How a call in `finishing` will have ended once its last prompts have played.
    var finishReason = CallEndReason.menuHungUp

    init(port: Int, dtmf: DTMFDetector.Settings, callerID standard: CallerIDStandard, tonePlan: TonePlan) {
        self.port = port
        detector = DTMFDetector(settings: dtmf)
        callProgress = CallProgressDetector(plan: tonePlan)
        callerID = CallerIDReceiver(standard: standard)
        callerIDOut = CallerIDTransmitter(standard: standard)
        ringback = ToneGenerator(tonePlan.ringback)
        dialTone = ToneGenerator(tonePlan.dialTone)
        busyTone = ToneGenerator(tonePlan.busy)
        recordingBeep = ToneGenerator(TonePlan.recordingWarning, levelDBm0: -16)
        refusalTone = ToneGenerator(tonePlan.congestion)
        backStack = .allocate(capacity: Self.backStackCapacity)
        queue = .allocate(capacity: Self.queueCapacity)
        variables = .allocate(capacity: Self.variableCapacity)
        variables.initialize(repeating: KeyString(), count: Self.variableCapacity)
    }

    deinit {
        backStack.deallocate()
        queue.deallocate()
        variables.deallocate()
    }

    var isInCall: Bool { phase.rawValue >= Phase.playing.rawValue }

    /// Queues one clip (or `messageClip`); it is dropped when 64 are waiting already.
    func enqueue(clip: Int32) {
        guard clip >= 0 || clip == Self.messageClip, queueCount < Self.queueCapacity else { return }
        queue[(queueHead + queueCount) % Self.queueCapacity] = clip
        queueCount += 1
    }
    var isSilent: Bool { currentPrompt == -1 && queueCount == 0 }

    func dequeue() -> Int32? {
        guard queueCount > 0 else { return nil }
        let prompt = queue[queueHead]
        queueHead = (queueHead + 1) % Self.queueCapacity
        queueCount -= 1
        return prompt
    }

    /// Barge-in: whatever was playing or queued stops now.
    func stopPlayback() {
        currentPrompt = -1
        promptPosition = 0
        queueHead = 0
        queueCount = 0
    }

    func pushBack(_ menu: Int32) {
        backStack[backTop] = menu
        backTop = (backTop + 1) % Self.backStackCapacity
        backDepth = min(backDepth + 1, Self.backStackCapacity)
    }

    func popBack() -> Int32? {
        guard backDepth > 0 else { return nil }
        backDepth -= 1
        backTop = (backTop + Self.backStackCapacity - 1) % Self.backStackCapacity
        return backStack[backTop]
    }

    func reset() {
        phase = .idle
        ringCount = 0
        program = nil
        attempts = 0
        backDepth = 0
        backTop = 0
        pc = 0
        language = 0
        callerNumber = KeyString()
        collected = KeyString()
        transferPeer = -1
        keyDeadline = 0
        waitingIn = -1
        resumeAt = -1
        heldParty = -1
        musicPosition = 0
        dialNumber = KeyString()
        dialQueue = -1
        callerIDOutAt = 0
        isSendingCallerID = false
        finishReason = .menuHungUp
        recording = -1
        toneFramesLeft = 0
        message = UnsafeBufferPointer(start: nil, count: 0)
        voicemailReported = true
        pendingMessageRecording = -1
        messageFrames = -1
        quietFrames = 0
        for index in 0..<Self.variableCapacity { variables[index] = KeyString() }
        stopPlayback()
    }
}
