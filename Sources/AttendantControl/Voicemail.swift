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
    /// A greeting recorded by phone lasts at most this long (30 s).
    static let greetingFrames = 1500
    /// Lines ring this long when a box's owner calls a caller back (30 s).
    static let callBackRingFrames: Int32 = 1500

    /// Keys of the listening menu, as `vm-message-options` says them.
    enum Key {
        static let envelope = UInt8(ascii: "3"), callBack = UInt8(ascii: "2"), replay = UInt8(ascii: "5")
        static let next = UInt8(ascii: "6"), delete = UInt8(ascii: "7"), save = UInt8(ascii: "9"), exit = UInt8(ascii: "#")
        static let greetings = UInt8(ascii: "0")
    }

    /// Where a session is.
    enum Stage: Equatable {
        /// The caller hears the greeting and the tone, then speaks; the recording is open.
        case recordingMessage(recording: Int32, path: String)
        /// The owner keys the PIN, ended by `#`.
        case enteringPIN
        /// The owner hears a message, then the options, and chooses.
        case listening
        /// The owner chose `0`: which greeting to record (1, 2, 3).
        case choosingGreeting
        /// The owner speaks a greeting after the tone; the recording is open.
        case recordingGreeting(GreetingKind, recording: Int32, path: String)
        /// The last prompts play; then the call leaves voicemail (or is released).
        case ending(hangUp: Bool)
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

    let send: (EngineCommand) -> Void
    let writer: StorageWriter?
    /// Every message, oldest first (the index in memory; the database has the same rows).
    public internal(set) var messages: [VoicemailMessage] = []
    /// PINs set on the console, by box: they replace a box's `pin-hash`.
    var consolePINs: [String: SecretHash] = [:]
    var lockouts: [String: Lockout] = [:]
    var sessions: [Int: Session] = [:]
    /// Message audio handed to the media thread, per port: freed once its call has ended.
    private var lent: [Int: [UnsafeMutableBufferPointer<Int16>]] = [:]
    /// Per owner's port: whether its lamp (and indicator) says messages are waiting.
    private var lamps: [Int: Bool] = [:]
    /// Lines dialling a caller back, and the owner's port each is for.
    var callingBack: [Int: Int] = [:]
    /// Greetings cut short by a hang-up, deleted once the recorder has closed them (2 s on).
    var discardedGreetings: [(path: String, frame: Int64)] = []
    /// Greetings owners recorded by phone: box, kind, file.
    var greetings: [String: [GreetingKind: String]] = [:]
    private var mailboxes: [MailboxDeclaration] = []
    var nextRecordingID: () -> Int32 = { 0 }
    var recorder: () -> Recorder? = { nil }
    var callID: (Int) -> String? = { _ in nil }
    var callerNumber: (Int) -> String? = { _ in nil }
    var freeLine: () -> Int? = { nil }
    /// The engine's time and frame, which a simulation runs virtually.
    var now: () -> Date = { Date() }
    var framesNow: () -> Int64 = { 0 }
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
                for (box, kind, path) in try database.voicemailGreetings() {
                    if let kind = GreetingKind(rawValue: kind) { greetings[box, default: [:]][kind] = path }
                }
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
    var beingRecorded: Set<String> = []

    /// New messages in `box` (whole ones: not those still being recorded).
    public func newMessages(in box: String) -> Int {
        messages.count { $0.box == box && $0.folder == .new && !beingRecorded.contains($0.path) }
    }

    /// Whether the call on `port` is keying a PIN (its keys are kept out of the call's record).
    func isEnteringPIN(port: Int) -> Bool { sessions[port]?.stage == .enteringPIN }

    // MARK: - Console

    /// Why `pin` cannot be a PIN, or nil: 4 to 12 digits.
    public static func refusal(ofPIN pin: String) -> String? {
        pin.count >= 4 && pin.count <= 12 && pin.allSatisfy(\.isASCII) && pin.allSatisfy(\.isNumber) ? nil : "a PIN is 4 to 12 digits"
    }

    /// Sets the box's PIN: only its Argon2id hash is kept, in memory and in `voicemail_pins`.
    /// Hashing takes tens of milliseconds: the console hashes first (`SecretHash.make`) and
    /// calls `setPIN(hash:box:)` on the control thread.
    public func setPIN(_ pin: String, box: String) throws -> String? {
        guard mailbox(numbered: box) != nil else { return "no mailbox \(box)" }
        if let refusal = Self.refusal(ofPIN: pin) { return refusal }
        return setPIN(hash: try SecretHash.make(for: pin, cost: pinCost), box: box)
    }

    /// Stores a PIN hash made elsewhere; a lockout of the box ends with it.
    public func setPIN(hash: SecretHash, box: String) -> String? {
        guard mailbox(numbered: box) != nil else { return "no mailbox \(box)" }
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
            guard let session = sessions[port] else { break }
            if case .recordingMessage(let recording, let path) = session.stage {
                recorder()?.end(id: recording)
                sessions[port] = nil
                send(.voicemail(port: port, .finish(hangUp: false)))
                messageLeft(path)
            } else if case .recordingGreeting(let kind, let recording, let path) = session.stage {
                recorder()?.end(id: recording)
                greetingRecorded(kind, path: path, in: session)
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
            if let session = sessions.removeValue(forKey: port) {
                if case .recordingMessage(let recording, let path) = session.stage {
                    // Hanging up ends a message as # does: it is kept.
                    recorder()?.end(id: recording)
                    messageLeft(path)
                } else if case .recordingGreeting(_, let recording, let path) = session.stage {
                    // A greeting cut short is not taken.
                    recorder()?.end(id: recording)
                    discardedGreetings.append((path, framesNow()))
                }
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
        while let first = discardedGreetings.first, frame - first.frame > 100 {
            discardedGreetings.removeFirst()
            try? FileManager.default.removeItem(atPath: first.path)
            recorder()?.forget(path: first.path)
        }
    }

    // MARK: - Messages and lamps

    /// The caller's side of a message, decoded into memory the control side owns.
    func load(_ message: VoicemailMessage) -> UnsafeMutableBufferPointer<Int16>? {
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

    func move(_ message: VoicemailMessage, to folder: VoicemailFolder) {
        guard let index = messages.firstIndex(where: { $0.path == message.path }) else { return }
        messages[index].folder = folder
        writer?.submitMove(ofMessageAt: message.path, to: folder)
        updateLamps()
    }

    func delete(_ message: VoicemailMessage) {
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
    func updateLamps() {
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
