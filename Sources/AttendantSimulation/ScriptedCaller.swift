import AttendantBoard
import AttendantDSP
import AttendantMenu

/// One script's caller: walks its steps frame by frame on the media loop's clock.
final class ScriptedCaller {
    typealias Log = (_ caller: Int, _ frame: Int64, _ text: String) -> Void

    let number: Int
    let script: CallerScript
    private let recogniser: PromptRecogniser
    private let phone = ListeningCaller()
    /// The handset the script lifts and puts down: an office phone's, a mobile's, or the
    /// phone of a caller with a number (where the exchange rings it for a callback).
    private var desk: ScriptedOfficePhone?
    private var port: Int?
    private var stepIndex = 0
    private var stepStartFrame: Int64 = -1
    private var stepStartSample = 0
    /// Received audio before this sample was already matched by an earlier `expect`.
    private var searchFrom = 0
    private var lastScanFrame: Int64 = 0
    /// Onsets before this were already decided by an earlier scan: no need to look again.
    private var decidedUpTo = 0
    private(set) var failure: ScriptRunner.Failure?
    /// Caller ID decoding for `expect caller-id`: from which sample, and how far it has read.
    private let callerIDReceiver = CallerIDReceiver()
    private var callerIDScanStart = -1
    private var callerIDScanned = 0

    init(number: Int, script: CallerScript, recogniser: PromptRecogniser) {
        self.number = number
        self.script = script
        self.recogniser = recogniser
    }

    var isFinished: Bool { failure != nil || stepIndex >= script.lines.count }

    func act(frame: Int64, board: SimulatedBoard, log: Log) {
        while !isFinished {
            let line = script.lines[stepIndex]
            if stepStartFrame < 0 {
                stepStartFrame = frame
                stepStartSample = phone.received.count
                begin(line, frame: frame, board: board, log: log)
                if isFinished { return }
            }
            guard isDone(line, frame: frame, log: log) else { return }
            stepIndex += 1
            stepStartFrame = -1
        }
    }

    func stop(because reason: String, log: Log) {
        let line = script.lines[min(stepIndex, script.lines.count - 1)]
        fail(line, reason, frame: stepStartFrame, log: log)
    }

    private func begin(_ line: CallerScript.Line, frame: Int64, board: SimulatedBoard, log: Log) {
        switch line.step {
        case .call(let port, let from):
            guard port <= board.portCount else {
                return fail(line, "the board has ports 1 to \(board.portCount), not \(port)", frame: frame, log: log)
            }
            guard board.placeCall(toPort: port - 1, from: phone, callerNumber: from) else {
                return fail(line, "port \(port) is busy", frame: frame, log: log)
            }
            self.port = port - 1
            if let from {
                // The caller's own phone: the exchange rings it when the appliance calls back.
                let home = ScriptedOfficePhone(listener: phone)
                board.directory.list(home, number: from)
                desk = home
            }
            log(number, frame, "call port \(port)" + (from.map { " from \($0)" } ?? ""))
        case .press(let digits, let tone, let gap):
            guard phone.answeredFrame != nil, phone.releasedFrame == nil else {
                return fail(line, "cannot press '\(digits)': the call is not connected", frame: frame, log: log)
            }
            phone.press(digits, toneMilliseconds: tone, gapMilliseconds: gap)
            log(number, frame, "press \(digits)")
        case .phone(let number):
            guard number <= board.portCount, board.portKinds[number - 1] == .fxs else {
                let phones = board.portKinds.indices.filter { board.portKinds[$0] == .fxs }.map { String($0 + 1) }
                return fail(line, "port \(number) has no office phone (FXS ports: \(phones.isEmpty ? "none" : phones.joined(separator: ", ")))",
                            frame: frame, log: log)
            }
            let desk = ScriptedOfficePhone(listener: phone)
            board.attach(desk, toPort: number - 1)
            self.desk = desk
            log(self.number, frame, "phone \(number)")
        case .mobile(let number):
            let mobile = ScriptedOfficePhone(listener: phone)
            board.directory.list(mobile, number: number)
            desk = mobile
            log(self.number, frame, "mobile \(number)")
        case .answer:
            guard let desk else { return fail(line, "'answer' is for phone scripts", frame: frame, log: log) }
            desk.lift()
            log(number, frame, "lift the handset")
        case .flash:
            guard let desk, desk.isOffHook else { return fail(line, "cannot flash: the handset is down", frame: frame, log: log) }
            desk.flash()
            log(number, frame, "flash")
        case .hangUp:
            if let desk, desk.isOffHook || self.port == nil {
                desk.putDown()
            } else if let port {
                board.hangUp(port: port)
            }
            log(number, frame, "hang up")
        case .say(let name):
            guard phone.answeredFrame != nil, phone.releasedFrame == nil else {
                return fail(line, "cannot say '\(name)': the call is not connected", frame: frame, log: log)
            }
            guard let samples = recogniser.samples(named: name) else {
                return fail(line, "no recording '\(name)' to say", frame: frame, log: log)
            }
            phone.say(samples)
            log(number, frame, "say \(name)")
        case .expectPrompt, .wait, .expectHangUp, .expectSilence, .expectRing, .expectCallerID, .expectMessageWaiting, .expectDialTone,
             .expectRecordingTone:
            break
        }
    }

    private func isDone(_ line: CallerScript.Line, frame: Int64, log: Log) -> Bool {
        let elapsed = frame - stepStartFrame
        switch line.step {
        case .call, .hangUp, .phone, .mobile:
            return true
        case .answer:
            return phone.answeredFrame != nil && phone.releasedFrame == nil  // the line has seen the handset up
        case .flash:
            return desk?.isFlashing != true
        case .expectRing(let within):
            if desk?.isRinging == true {
                log(number, frame, "rings")
                return true
            }
            if elapsed > Self.frames(within) {
                fail(line, "expected the phone to ring within \(Self.format(within)) s", frame: frame, log: log)
            }
            return false
        case .expectCallerID(let number, let within):
            if let heard = callerIDHeard(since: stepStartSample), heard == number {
                log(self.number, frame, "shows caller ID \(number)")
                return true
            }
            if elapsed > Self.frames(within) {
                let shown = callerIDHeard(since: stepStartSample).map { "'\($0)'" } ?? "none"
                fail(line, "expected caller ID \(number) within \(Self.format(within)) s; the phone showed \(shown)", frame: frame, log: log)
            }
            return false
        case .expectMessageWaiting(let on, let within):
            if desk?.messageWaitingShown == on {
                log(number, frame, "shows message waiting \(on ? "on" : "off")")
                return true
            }
            if elapsed > Self.frames(within) {
                let shown = desk?.messageWaitingShown.map { $0 ? "on" : "off" } ?? "nothing"
                fail(line, "expected the message-waiting indicator \(on ? "on" : "off") within \(Self.format(within)) s; the phone showed \(shown)",
                     frame: frame, log: log)
            }
            return false
        case .expectDialTone(let stutter, let within):
            guard let heard = DialToneJudge.judge(phone.received, from: stepStartSample) else {
                if elapsed > Self.frames(within + 1.5) {
                    fail(line, "expected \(stutter ? "stutter" : "steady") dial tone within \(Self.format(within)) s; heard none",
                         frame: frame, log: log)
                }
                return false
            }
            if heard.stutter == stutter {
                log(number, frame, "hears \(stutter ? "stutter" : "steady") dial tone")
                return true
            }
            fail(line, "expected \(stutter ? "stutter" : "steady") dial tone; heard \(heard.stutter ? "stutter" : "steady") dial tone "
                 + "(\(heard.gaps) gaps in its first 1.5 s)", frame: frame, log: log)
            return false
        case .expectRecordingTone(let tone, let within):
            // The tone answers the last key, so it may begin while `press` still sends its gap.
            let from = max(0, stepStartSample - AudioFormat.sampleRate / 2)
            guard let heard = InCallToneJudge.judge(phone.received, from: from) else {
                if elapsed > Self.frames(within + 0.6) {
                    fail(line, "expected the recording tone '\(tone.rawValue)' within \(Self.format(within)) s; heard none",
                         frame: frame, log: log)
                }
                return false
            }
            if heard == tone {
                log(number, frame, "hears the recording tone '\(tone.rawValue)'")
                return true
            }
            fail(line, "expected the recording tone '\(tone.rawValue)'; heard '\(heard.rawValue)'", frame: frame, log: log)
            return false
        case .press:
            return !phone.isPressing
        case .say:
            return !phone.isSpeaking
        case .wait(let seconds):
            return elapsed >= Self.frames(seconds)
        case .expectHangUp(let within):
            if let released = phone.releasedFrame {
                log(number, released, "the appliance hung up")
                return true
            }
            if elapsed > Self.frames(within) {
                fail(line, "expected the appliance to hang up within \(Self.format(within)) s; "
                     + "heard \(describeHeard(from: stepStartSample))", frame: frame, log: log)
            }
            return false
        case .expectSilence(let seconds):
            guard elapsed >= Self.frames(seconds) else { return false }
            let range = stepStartSample ..< phone.received.count
            let silent = phone.received.withUnsafeBufferPointer { recogniser.isSilent($0, range: range) }
            if silent {
                log(number, frame, "silence for \(Self.format(seconds)) s")
                return true
            }
            fail(line, "expected silence for \(Self.format(seconds)) s; heard \(describeHeard(from: stepStartSample))",
                 frame: frame, log: log)
            return false
        case .expectPrompt(let name, let within):
            return expect(name, within: within, line: line, frame: frame, log: log)
        }
    }

    /// The calling number in the FSK the phone received from sample `start` on, if any yet.
    private func callerIDHeard(since start: Int) -> String? {
        if callerIDScanStart != start {
            callerIDScanStart = start
            callerIDScanned = start
            callerIDReceiver.reset()
        }
        let end = phone.received.count
        guard callerIDScanned < end else { return callerIDReceiver.number }
        phone.received.withUnsafeBufferPointer { audio in
            callerIDReceiver.process(UnsafeBufferPointer(rebasing: audio[callerIDScanned ..< end]))
        }
        callerIDScanned = end
        return callerIDReceiver.number
    }

    private func expect(_ name: String, within: Double, line: CallerScript.Line, frame: Int64, log: Log) -> Bool {
        let deadline = stepStartFrame + Self.frames(within)
        let decisionFrames = Int64(recogniser.minimumDecisionSamples / AudioFormat.samplesPerFrame) + 1
        let callOver = phone.releasedFrame != nil
        // Recognition needs a stretch of audio after an onset; scanning every 100 ms is plenty.
        guard callOver || frame - lastScanFrame >= 5 || frame > deadline + decisionFrames else { return false }
        lastScanFrame = frame
        let heard = recognitions(from: max(searchFrom, decidedUpTo))
        decidedUpTo = max(decidedUpTo, phone.received.count - recogniser.minimumDecisionSamples - 2 * AudioFormat.samplesPerFrame)
        if let match = heard.first(where: { $0.name == name }),
           let onsetFrame = phone.frame(ofSample: match.onset), onsetFrame <= deadline {
            searchFrom = match.onset + 1
            decidedUpTo = searchFrom
            log(number, onsetFrame, "heard \(name)")
            return true
        }
        if callOver || frame > deadline + decisionFrames {
            let heardText = describeHeard(from: max(searchFrom, 0))
            let reason = callOver ? "; the appliance hung up" : ""
            fail(line, "expected '\(name)' within \(Self.format(within)) s; heard \(heardText)\(reason)",
                 frame: frame, log: log)
        }
        return false
    }

    private func recognitions(from start: Int) -> [Recognition] {
        phone.received.withUnsafeBufferPointer { received in
            guard start < received.count else { return [] }
            return recogniser.recognise(in: received, onsetsIn: start ..< received.count)
        }
    }

    /// What the caller heard since `start`, in words, for failure messages.
    private func describeHeard(from start: Int) -> String {
        let heard = recognitions(from: start)
        if !heard.isEmpty {
            return heard.map { recognition in
                let time = phone.frame(ofSample: recognition.onset).map(ScriptRunner.timestamp) ?? "?"
                return "\(recognition.name) (at \(time))"
            }.joined(separator: ", ")
        }
        let silent = phone.received.withUnsafeBufferPointer { received in
            start >= received.count || recogniser.isSilent(received, range: start ..< received.count)
        }
        if phone.answeredFrame == nil { return "only ringing (the call was not answered)" }
        return silent ? "silence" : "audio that is no catalogue prompt"
    }

    private func fail(_ line: CallerScript.Line, _ message: String, frame: Int64, log: Log) {
        guard failure == nil else { return }
        failure = ScriptRunner.Failure(location: line.location, message: message)
        log(number, max(frame, 0), "FAILED at \(line.location): \(message)")
    }

    static func frames(_ seconds: Double) -> Int64 {
        Int64((seconds * 1000).rounded()) / Int64(AudioFormat.frameMilliseconds)
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
