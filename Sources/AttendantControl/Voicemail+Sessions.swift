import AttendantEngine
import AttendantMenu
import AttendantSecurity
import AttendantStore
import Foundation

/// A session's course: a caller leaving a message (greeting, tone, recording), and a
/// box's owner keying the PIN and going through the messages.
extension Voicemail {
    // MARK: - Leaving a message

    func leaveMessage(_ session: Session, busy: Bool) {
        let (port, mailbox) = (session.port, session.mailbox)
        sessions[port] = session
        greet(session, busy: busy)
        guard let recorder = recorder(), let callID = callID(port) else {
            Self.logger.warning("mailbox \(mailbox.number): no message can be left, recording is not configured")
            play(.goodbye, in: session)
            return
        }
        play(.leaveMessage, in: session)
        play(.beep, in: session)
        let id = nextRecordingID()
        let path = recorder.settings.directory + "/vm\(mailbox.number)-\(callID)-r\(id).wav"
        if let refusal = recorder.begin(id: id, path: path, kind: .voicemail) {
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

    /// As answering machines do: the owner's own recorded greeting alone; else the name
    /// (recorded, the catalogue's, or "the person at extension" and the number) and the
    /// box's catalogue greeting (or "is unavailable" / "is on the phone").
    private func greet(_ session: Session, busy: Bool) {
        let (port, mailbox) = (session.port, session.mailbox)
        let kind: GreetingKind = busy ? .busy : .unavailable
        if let recorded = recordedGreeting(kind, of: mailbox.number) {
            playLent(recorded, in: session)
            return
        }
        if let name = recordedGreeting(.name, of: mailbox.number) {
            playLent(name, in: session)
        } else if let name = mailbox.nameGreeting {
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
    }

    /// The owner's recording of greeting `kind`, decoded, if there is one that plays.
    private func recordedGreeting(_ kind: GreetingKind, of box: String) -> UnsafeMutableBufferPointer<Int16>? {
        guard let path = greetings[box]?[kind], let format = recorder()?.settings.format else { return nil }
        return load(VoicemailMessage(box: box, callID: "", caller: nil, receivedAt: Date(), format: format.name, path: path))
    }

    /// Queues audio the control side decoded; it stays allocated until the call ends.
    func playLent(_ audio: UnsafeMutableBufferPointer<Int16>, in session: Session) {
        lend(audio, port: session.port)
        send(.voicemail(port: session.port, .playMessage(samples: UInt(bitPattern: audio.baseAddress), count: Int32(audio.count))))
    }

    /// The message at `path` is whole: it waits for its owner from now.
    func messageLeft(_ path: String) {
        beingRecorded.remove(path)
        updateLamps()
    }

    // MARK: - Listening

    func startListening(_ session: Session) {
        sessions[session.port] = session
        send(.voicemail(port: session.port, .language(Int32(session.mailbox.language))))
        play(.enterPIN, in: session)
    }

    func pressed(_ key: UInt8, in session: Session) {
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
        case .choosingGreeting:
            chooseGreeting(key, in: session)
        case .recordingMessage, .recordingGreeting, .ending:
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
            switch key {
            case Key.exit: goodbye(session)
            case Key.greetings:
                session.stage = .choosingGreeting
                play(.greetingOptions, in: session)
            default: play(.messageOptions, in: session)
            }
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
        case Key.greetings:
            session.stage = .choosingGreeting
            play(.greetingOptions, in: session)
        case Key.exit:
            goodbye(session)
        default:
            play(.messageOptions, in: session)
        }
    }

    /// The message at the session's position, then the options; "no more messages" past the last.
    private func playCurrent(_ session: Session) {
        guard session.position < session.playlist.count else {
            // The options stay: # leaves, 0 records greetings.
            play(.noMore, in: session)
            play(.messageOptions, in: session)
            return
        }
        let message = session.playlist[session.position]
        if let audio = load(message) { playLent(audio, in: session) }
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
        sessions[session.port] = nil
        callingBack[line] = session.port
        send(.voicemail(port: session.port, .callBack(line: Int32(line), number: number, ringFrames: Self.callBackRingFrames)))
    }

    private func goodbye(_ session: Session) {
        play(.goodbye, in: session)
        session.stage = .ending(hangUp: false)
    }

    func played(_ session: Session) {
        switch session.stage {
        case .ending(let hangUp):
            end(session, hangUp: hangUp)
        case .enteringPIN, .listening:
            session.deadline = session.deadline == 0 ? framesNow() + Self.idleFrames : session.deadline
        case .recordingMessage, .recordingGreeting, .choosingGreeting:
            break
        }
    }

    private func end(_ session: Session, hangUp: Bool) {
        sessions[session.port] = nil
        send(.voicemail(port: session.port, .finish(hangUp: hangUp)))
    }


    func play(_ sound: VoicemailSound, in session: Session) {
        send(.voicemail(port: session.port, .play(prompt: Int32(session.sounds.all[sound.rawValue]))))
    }

    // MARK: - Greetings by phone

    /// After `0`: 1 unavailable, 2 busy, 3 name; anything else goes back to the options.
    private func chooseGreeting(_ key: UInt8, in session: Session) {
        let kind: GreetingKind
        let prompt: VoicemailSound
        switch key {
        case UInt8(ascii: "1"): (kind, prompt) = (.unavailable, .recordUnavailable)
        case UInt8(ascii: "2"): (kind, prompt) = (.busy, .recordBusy)
        case UInt8(ascii: "3"): (kind, prompt) = (.name, .recordName)
        default:
            session.stage = .listening
            play(.messageOptions, in: session)
            return
        }
        guard let recorder = recorder(), let callID = callID(session.port) else {
            Self.logger.warning("mailbox \(session.mailbox.number): no greeting can be recorded, recording is not configured")
            session.stage = .listening
            play(.messageOptions, in: session)
            return
        }
        play(prompt, in: session)
        play(.beep, in: session)
        let id = nextRecordingID()
        let path = recorder.settings.directory + "/greeting\(session.mailbox.number)-\(kind.rawValue)-\(callID)-r\(id).wav"
        if let refusal = recorder.begin(id: id, path: path, kind: .voicemail) {
            Self.logger.warning("mailbox \(session.mailbox.number): greeting refused: \(refusal)")
            session.stage = .listening
            play(.messageOptions, in: session)
            return
        }
        let quiet = Int32(session.mailbox.silenceMilliseconds / 20)
        send(.voicemail(port: session.port, .record(recording: id, maxFrames: Int32(Self.greetingFrames), silenceFrames: quiet)))
        session.stage = .recordingGreeting(kind, recording: id, path: path)
    }

    /// The owner's greeting is recorded: it replaces the earlier one (whose file goes).
    func greetingRecorded(_ kind: GreetingKind, path: String, in session: Session) {
        let box = session.mailbox.number
        if let earlier = greetings[box]?[kind] {
            try? FileManager.default.removeItem(atPath: earlier)
            recorder()?.forget(path: earlier)
        }
        greetings[box, default: [:]][kind] = path
        writer?.submitGreeting(box: box, kind: kind.rawValue, path: path, at: now())
        session.stage = .listening
        play(.saved, in: session)
        play(.messageOptions, in: session)
    }
}
