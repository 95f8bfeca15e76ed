import AttendantEngine
import AttendantMenu
import AttendantRecorder
import AttendantSecurity
import AttendantStore
import Foundation
import Logging

/// Voicemail on the control side: the boxes' messages and PINs, and one session per
/// call in voicemail, leaving a message or listening to a box. The media thread only
/// plays what a session queues (`VoicemailCommand`), records through the tap, and
/// reports keys; files, the database and PIN hashes are handled here, never there.
public final class Voicemail {
    static let logger = Logger(label: "attendant.voicemail")
    /// A box's owner who does nothing for this long is told goodbye (10 s).
    static let idleFrames: Int64 = 500
    /// Lines ring this long when a box's owner calls a caller back (30 s).
    static let callBackRingFrames: Int32 = 1500

    /// Keys of the listening menu, as `vm-message-options` says them.
    enum Key {
        static let envelope = UInt8(ascii: "3"), callBack = UInt8(ascii: "2"), replay = UInt8(ascii: "5")
        static let next = UInt8(ascii: "6"), delete = UInt8(ascii: "7"), save = UInt8(ascii: "9"), exit = UInt8(ascii: "#")
    }

    /// Where a session is.
    enum Stage: Equatable {
        /// The caller hears the greeting and the tone, then speaks; the recording is open.
        case recordingMessage(recording: Int32, path: String)
        /// The owner keys the PIN, ended by `#`.
        case enteringPIN
        /// The owner hears a message, then the options, and chooses.
        case listening
        /// The last prompts play; then the call leaves voicemail (or is released).
        case ending(hangUp: Bool)
        /// A caller is being called back: the call is the switch's now.
        case callingBack
    }

    final class Session {
        let port: Int
        let mailbox: MailboxDeclaration
        /// The prompts of the program the call runs on.
        let sounds: VoicemailSounds
        var stage: Stage
        var digits = ""
        /// The box's messages as the owner goes through them: new ones first, oldest first.
        var playlist: [VoicemailMessage] = []
        var position = 0
        var deadline: Int64 = 0

        init(port: Int, mailbox: MailboxDeclaration, sounds: VoicemailSounds, stage: Stage) {
            self.port = port
            self.mailbox = mailbox
            self.sounds = sounds
            self.stage = stage
        }
    }

    /// Wrong PINs in a row for a box, and until when it is locked.
    struct Lockout {
        var failures = 0
        var lockedUntil: Date?
    }

    private let send: (EngineCommand) -> Void
    private let writer: StorageWriter?
    /// Every message, oldest first (the index in memory; the database has the same rows).
    public private(set) var messages: [VoicemailMessage] = []
    /// PINs set on the console, by box: they replace a box's `pin-hash`.
    private var consolePINs: [String: SecretHash] = [:]
    private var lockouts: [String: Lockout] = [:]
    private var sessions: [Int: Session] = [:]
    /// Message audio handed to the media thread, per port: freed once its call has ended.
    private var lent: [Int: [UnsafeMutableBufferPointer<Int16>]] = [:]
    /// Per owner's port: whether its lamp (and indicator) says messages are waiting.
    private var lamps: [Int: Bool] = [:]
    /// Lines dialling a caller back, and the owner's port each is for.
    private var callingBack: [Int: Int] = [:]
    private var mailboxes: [MailboxDeclaration] = []
    var nextRecordingID: () -> Int32 = { 0 }
    var recorder: () -> Recorder? = { nil }
    var callID: (Int) -> String? = { _ in nil }
    var callerNumber: (Int) -> String? = { _ in nil }
    var freeLine: () -> Int? = { nil }
    /// The zone envelopes tell the time in: the appliance's own.
    public var timeZone = TimeZone.current
    /// How PINs set on the console are hashed.
    public var pinCost = SecretHash.Cost.standard

    init(writer: StorageWriter?, send: @escaping (EngineCommand) -> Void) {
        self.writer = writer
        self.send = send
        if let database = writer?.database {
            do {
                messages = try database.voicemailMessages()
            } catch {
                Self.logger.error("voicemail messages not read: \(error)")
            }
        }
    }

    deinit {
        for buffers in lent.values { for buffer in buffers { buffer.deallocate() } }
    }

    /// A new program: its boxes, their PINs set on the console, and their owners' lamps.
    func configure(_ program: MenuProgram) {
        mailboxes = program.mailboxes
        for mailbox in mailboxes where consolePINs[mailbox.number] == nil {
            if let stored = try? writer?.database.voicemailPINHash(box: mailbox.number), let hash = SecretHash(encoded: stored) {
                consolePINs[mailbox.number] = hash
            }
        }
        updateLamps()
    }

    public func mailbox(numbered number: String) -> MailboxDeclaration? { mailboxes.first { $0.number == number } }

    /// Messages still being recorded: not waiting yet, not in any owner's playlist.
    private var beingRecorded: Set<String> = []

    /// New messages in `box` (whole ones: not those still being recorded).
    public func newMessages(in box: String) -> Int {
        messages.count { $0.box == box && $0.folder == .new && !beingRecorded.contains($0.path) }
    }

    /// Whether the call on `port` is keying a PIN (its keys are kept out of the call's record).
    func isEnteringPIN(port: Int) -> Bool { sessions[port]?.stage == .enteringPIN }

    // MARK: - Console

    /// Sets the box's PIN: only its Argon2id hash is kept, in memory and in `voicemail_pins`.
    public func setPIN(_ pin: String, box: String) throws -> String? {
        guard mailbox(numbered: box) != nil else { return "no mailbox \(box)" }
        guard pin.count >= 4, pin.count <= 12, pin.allSatisfy(\.isNumber) else { return "a PIN is 4 to 12 digits" }
        let hash = try SecretHash.make(for: pin, cost: pinCost)
        consolePINs[box] = hash
        lockouts[box] = nil
        writer?.submitPINHash(hash.encoded, box: box, at: Date())
        return nil
    }

    /// Deletes the message whose file is at `path`: the file, its row, its place in the
    /// index (rows' ids are the database's, so the console finds messages by path).
    public func deleteMessage(path: String) -> Bool {
        guard let message = messages.first(where: { $0.path == path }) else { return false }
        delete(message)
        return true
    }

    // MARK: - Events

    func handle(_ event: EngineEvent, program: (Int) -> ExecutableProgram?) {
        switch event {
        case .voicemailRequested(let port, let request, _):
            releaseLent(port: port)
            guard let program = program(port) else { return }
            switch program.program.code.requests[request] {
            case .voicemail(let box, let busy):
                guard let mailbox = program.program.mailboxes.first(where: { $0.number == box }),
                      let sounds = program.program.voicemailSounds else { return }
                leaveMessage(Session(port: port, mailbox: mailbox, sounds: sounds, stage: .ending(hangUp: false)), busy: busy)
            case .checkVoicemail(let box):
                guard let mailbox = program.program.mailboxes.first(where: { $0.number == box }),
                      let sounds = program.program.voicemailSounds else { return }
                startListening(Session(port: port, mailbox: mailbox, sounds: sounds, stage: .enteringPIN))
            default:
                break
            }
        case .keyPressed(let port, let key, _):
            if let session = sessions[port] { pressed(key, in: session) }
        case .voicemailPlayed(let port, _):
            if let session = sessions[port] { played(session) }
        case .messageRecorded(let port, _, _, _):
            if let session = sessions[port], case .recordingMessage(let recording, let path) = session.stage {
                recorder()?.end(id: recording)
                sessions[port] = nil
                send(.voicemail(port: port, .finish(hangUp: false)))
                messageLeft(path)
            }
        case .dialFailed(let line, let reason, _):
            // The owner, who waited in silence, goes on with the menu's action.
            if let owner = callingBack.removeValue(forKey: line) {
                Self.logger.notice("port \(owner + 1): calling the caller back failed: \(reason)")
                send(.voicemail(port: owner, .finish(hangUp: false)))
            }
        case .bridged(let port, let peer, _):
            callingBack[port] = nil
            callingBack[peer] = nil
        case .ended(let port, _, _):
            if let session = sessions.removeValue(forKey: port), case .recordingMessage(let recording, let path) = session.stage {
                // Hanging up ends a message as # does: it is kept.
                recorder()?.end(id: recording)
                messageLeft(path)
            }
            releaseLent(port: port)
        default:
            break
        }
    }

    /// Owners who keyed nothing for a while are told goodbye, and the line is released.
    func tick(frame: Int64) {
        for session in sessions.values where session.deadline > 0 && frame >= session.deadline {
            session.deadline = 0
            play(.goodbye, in: session)
            session.stage = .ending(hangUp: true)
        }
    }

    // MARK: - Leaving a message

    private func leaveMessage(_ session: Session, busy: Bool) {
        let (port, mailbox) = (session.port, session.mailbox)
        sessions[port] = session
        if let name = mailbox.nameGreeting {
            send(.voicemail(port: port, .play(prompt: Int32(name))))
        } else {
            play(.person, in: session)
            if let digits = Int32(mailbox.number) { send(.voicemail(port: port, .say(kind: SayKind.digits.rawValue, value: digits))) }
        }
        if let greeting = busy ? mailbox.busyGreeting : mailbox.unavailableGreeting {
            send(.voicemail(port: port, .play(prompt: Int32(greeting))))
        } else {
            play(busy ? .busy : .unavailable, in: session)
        }
        guard let recorder = recorder(), let callID = callID(port) else {
            Self.logger.warning("mailbox \(mailbox.number): no message can be left, recording is not configured")
            play(.goodbye, in: session)
            return
        }
        play(.leaveMessage, in: session)
        play(.beep, in: session)
        let id = nextRecordingID()
        let path = recorder.settings.directory + "/vm\(mailbox.number)-\(callID)-r\(id).wav"
        if let refusal = recorder.begin(id: id, path: path, keptFromRotation: true) {
            Self.logger.warning("mailbox \(mailbox.number): message refused: \(refusal)")
            play(.goodbye, in: session)
            return
        }
        let message = VoicemailMessage(box: mailbox.number, callID: callID, caller: callerNumber(port), receivedAt: now(),
                                       format: recorder.settings.format.name, path: path)
        messages.append(message)
        beingRecorded.insert(path)
        writer?.submit(message)
        let frames = Int32(mailbox.maxMessageMilliseconds / 20)
        let quiet = Int32(mailbox.silenceMilliseconds / 20)
        send(.voicemail(port: port, .record(recording: id, maxFrames: frames, silenceFrames: quiet)))
        session.stage = .recordingMessage(recording: id, path: path)
    }

    /// The message at `path` is whole: it waits for its owner from now.
    private func messageLeft(_ path: String) {
        beingRecorded.remove(path)
        updateLamps()
    }

    /// The engine's time, which a simulation runs virtually.
    var now: () -> Date = { Date() }

    // MARK: - Listening

    private func startListening(_ session: Session) {
        sessions[session.port] = session
        send(.voicemail(port: session.port, .language(Int32(session.mailbox.language))))
        play(.enterPIN, in: session)
    }

    private func pressed(_ key: UInt8, in session: Session) {
        session.deadline = 0
        switch session.stage {
        case .enteringPIN:
            if key == Key.exit {
                checkPIN(session)
            } else if session.digits.count < 16 {
                session.digits.append(Character(Unicode.Scalar(key)))
            }
        case .listening:
            choose(key, in: session)
        case .recordingMessage, .ending, .callingBack:
            break
        }
    }

    private func checkPIN(_ session: Session) {
        let box = session.mailbox.number
        let entered = session.digits
        session.digits = ""
        var lockout = lockouts[box] ?? Lockout()
        if let until = lockout.lockedUntil, now() < until {
            Self.logger.warning("mailbox \(box): PIN keyed while locked until \(until): refused")
            play(.locked, in: session)
            play(.goodbye, in: session)
            session.stage = .ending(hangUp: true)
            return
        }
        let hash = consolePINs[box] ?? session.mailbox.pinHash.flatMap(SecretHash.init(encoded:))
        guard let hash, hash.matches(entered) else {
            lockout.failures += 1
            lockout.lockedUntil = nil
            play(.pinIncorrect, in: session)
            if lockout.failures >= session.mailbox.lockoutFailures {
                lockout.failures = 0
                lockout.lockedUntil = now().addingTimeInterval(Double(session.mailbox.lockoutMilliseconds) / 1000)
                Self.logger.warning("mailbox \(box): \(session.mailbox.lockoutFailures) wrong PINs: locked for \(session.mailbox.lockoutMilliseconds / 1000) s")
                play(.locked, in: session)
                play(.goodbye, in: session)
                session.stage = .ending(hangUp: true)
            } else {
                play(.enterPIN, in: session)
            }
            lockouts[box] = lockout
            return
        }
        lockouts[box] = nil
        let mine = messages.filter { $0.box == box && !beingRecorded.contains($0.path) }
        session.playlist = mine.filter { $0.folder == .new } + mine.filter { $0.folder != .new }
        session.position = 0
        session.stage = .listening
        play(.youHave, in: session)
        send(.voicemail(port: session.port, .say(kind: SayKind.number.rawValue, value: Int32(newMessages(in: box)))))
        play(.new, in: session)
        play(.messages, in: session)
        playCurrent(session)
    }

    private func choose(_ key: UInt8, in session: Session) {
        guard session.position < session.playlist.count else {
            if key == Key.exit { goodbye(session) }
            return
        }
        let message = session.playlist[session.position]
        switch key {
        case Key.replay:
            playCurrent(session)
        case Key.next:
            session.position += 1
            playCurrent(session)
        case Key.delete:
            delete(message)
            session.playlist.remove(at: session.position)
            play(.deleted, in: session)
            playCurrent(session)
        case Key.save:
            move(message, to: .saved)
            session.playlist[session.position].folder = .saved
            play(.saved, in: session)
            session.position += 1
            playCurrent(session)
        case Key.envelope:
            sayEnvelope(of: message, in: session)
            play(.messageOptions, in: session)
        case Key.callBack:
            callBack(message, from: session)
        case Key.exit:
            goodbye(session)
        default:
            play(.messageOptions, in: session)
        }
    }

    /// The message at the session's position, then the options; "no more messages" past the last.
    private func playCurrent(_ session: Session) {
        guard session.position < session.playlist.count else {
            play(.noMore, in: session)
            goodbye(session)
            return
        }
        let message = session.playlist[session.position]
        let loaded = load(message)
        if let audio = loaded {
            lend(audio, port: session.port)
            send(.voicemail(port: session.port, .playMessage(samples: UInt(bitPattern: audio.baseAddress), count: Int32(audio.count))))
        }
        if message.folder == .new {
            // Heard: the owner's lamp goes out with the last new one.
            move(message, to: .old)
            session.playlist[session.position].folder = .old
        }
        play(.messageOptions, in: session)
    }

    /// "Received" and the date and time, in the box's language.
    private func sayEnvelope(of message: VoicemailMessage, in session: Session) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: message.receivedAt)
        play(.received, in: session)
        let date = (parts.year ?? 2000) * 10000 + (parts.month ?? 1) * 100 + (parts.day ?? 1)
        send(.voicemail(port: session.port, .say(kind: SayKind.date.rawValue, value: Int32(date))))
        send(.voicemail(port: session.port, .say(kind: SayKind.time.rawValue, value: Int32((parts.hour ?? 0) * 100 + (parts.minute ?? 0)))))
    }

    /// The owner calls the message's caller back: a free line dials the caller's number,
    /// and once someone speaks the two are connected.
    private func callBack(_ message: VoicemailMessage, from session: Session) {
        guard let caller = message.caller, let number = KeyString(caller), let line = freeLine() else {
            Self.logger.notice("mailbox \(session.mailbox.number): no call back (\(message.caller == nil ? "no caller ID" : "no free line"))")
            play(.messageOptions, in: session)
            return
        }
        play(.callingBack, in: session)
        session.stage = .callingBack
        sessions[session.port] = nil
        callingBack[line] = session.port
        send(.voicemail(port: session.port, .callBack(line: Int32(line), number: number, ringFrames: Self.callBackRingFrames)))
    }

    private func goodbye(_ session: Session) {
        play(.goodbye, in: session)
        session.stage = .ending(hangUp: false)
    }

    private func played(_ session: Session) {
        switch session.stage {
        case .ending(let hangUp):
            end(session, hangUp: hangUp)
        case .enteringPIN, .listening:
            session.deadline = session.deadline == 0 ? framesNow() + Self.idleFrames : session.deadline
        case .recordingMessage, .callingBack:
            break
        }
    }

    private func end(_ session: Session, hangUp: Bool) {
        sessions[session.port] = nil
        send(.voicemail(port: session.port, .finish(hangUp: hangUp)))
    }

    var framesNow: () -> Int64 = { 0 }

    private func play(_ sound: VoicemailSound, in session: Session) {
        send(.voicemail(port: session.port, .play(prompt: Int32(session.sounds.all[sound.rawValue]))))
    }

    // MARK: - Messages and lamps

    /// The caller's side of a message, decoded into memory the control side owns.
    private func load(_ message: VoicemailMessage) -> UnsafeMutableBufferPointer<Int16>? {
        do {
            let audio = try RecordingReader.read(path: message.path, format: RecordingFormat(name: message.format) ?? RecordingFormat())
            guard let caller = audio.channels.first, !caller.isEmpty else { return nil }
            let buffer = UnsafeMutableBufferPointer<Int16>.allocate(capacity: caller.count)
            _ = buffer.initialize(from: caller)
            return buffer
        } catch {
            Self.logger.error("voicemail message \(message.path) cannot be played: \(error)")
            return nil
        }
    }

    private func move(_ message: VoicemailMessage, to folder: VoicemailFolder) {
        guard let index = messages.firstIndex(where: { $0.path == message.path }) else { return }
        messages[index].folder = folder
        writer?.submitMove(ofMessageAt: message.path, to: folder)
        updateLamps()
    }

    private func delete(_ message: VoicemailMessage) {
        messages.removeAll { $0.path == message.path }
        do {
            try FileManager.default.removeItem(atPath: message.path)
        } catch {
            Self.logger.error("voicemail message \(message.path) not deleted: \(error)")
        }
        recorder()?.forget(path: message.path)
        writer?.submitDeletion(ofMessageAt: message.path)
        updateLamps()
    }

    /// Each owner's lamp (and visual indicator, and stutter dial tone) follows whether any
    /// of their boxes has new messages; only changes are sent.
    private func updateLamps() {
        var lit: [Int: Bool] = [:]
        for mailbox in mailboxes {
            guard let owner = mailbox.owner else { continue }
            lit[owner - 1, default: false] = lit[owner - 1, default: false] || newMessages(in: mailbox.number) > 0
        }
        for (port, on) in lit where lamps[port] != on {
            lamps[port] = on
            send(.messageWaiting(port: port, on))
        }
    }

    /// Audio the media thread plays on `port` from now: kept until the call there ends.
    func lend(_ audio: UnsafeMutableBufferPointer<Int16>, port: Int) { lent[port, default: []].append(audio) }

    private func releaseLent(port: Int) {
        for buffer in lent.removeValue(forKey: port) ?? [] { buffer.deallocate() }
    }
}
