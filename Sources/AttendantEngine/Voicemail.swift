import AttendantMenu
import AttendantSpeech

/// What the control side asks of a call in voicemail (`EngineCommand.voicemail`): the
/// control side holds the box, its messages and the PIN; the media thread only plays,
/// records and reports keys. Plain values, so sending one never allocates.
public enum VoicemailCommand: Sendable, Equatable, BitwiseCopyable {
    /// Queue prompt `prompt` (a `PromptID` of the call's program) in the call's language.
    case play(prompt: Int32)
    /// Say `value` as `SayKind(rawValue: kind)`: a number, a time `HHMM`, a date `YYYYMMDD`.
    case say(kind: UInt8, value: Int32)
    /// Queue a message: `count` samples at address `samples`, after the prompts queued
    /// before it. The control side owns that memory and frees it only once the media
    /// thread can no longer read it (the call's `ended`, or its next `voicemailRequested`).
    case playMessage(samples: UInt, count: Int32)
    /// Once the queued prompts have played, record the caller as `recording` (the tap)
    /// until `#`, `silenceFrames` of quiet, or `maxFrames`; then `messageRecorded`.
    case record(recording: Int32, maxFrames: Int32, silenceFrames: Int32)
    /// Stop what plays and what is queued.
    case stop
    /// The call hears its box's language from now on.
    case language(Int32)
    /// Seize FXO `line` and dial `number` (a message's caller); when someone speaks the
    /// two calls are connected, and once they part the action after `check-voicemail` goes on.
    case callBack(line: Int32, number: KeyString, ringFrames: Int32)
    /// Leave voicemail: the action after the `voicemail` step goes on, or the line is
    /// released once the queued prompts have played.
    case finish(hangUp: Bool)
}

/// Why a message being recorded ended.
public enum MessageEnd: UInt8, Sendable, Equatable, BitwiseCopyable {
    case pound, silence, maximumLength
}

extension MediaEngine {
    /// A frame's mean absolute amplitude below this is quiet: line noise, not speech (about −45 dBm0).
    static let quietAmplitude = 150

    /// `voicemail BOX` or `check-voicemail BOX` with a declared box: the control side takes over.
    func enterVoicemail(_ channel: Channel, request: Int32) {
        channel.phase = .voicemail
        channel.voicemailReported = true
        channel.message = UnsafeBufferPointer(start: nil, count: 0)
        publish(.voicemailRequested(port: channel.port, request: Int(request), frame: frame))
    }

    func carryOut(_ command: VoicemailCommand, port: Int) {
        guard port >= 0, port < channels.count, channels[port].phase == .voicemail,
              let program = channels[port].program else { return }
        let channel = channels[port]
        switch command {
        case .play(let prompt):
            guard prompt >= 0, prompt < program.promptCount else { return }
            channel.enqueue(clip: program.promptClips[channel.language * program.promptCount + prompt])
            channel.voicemailReported = false
        case .say(let kind, let value):
            sayValue(kind: kind, value: Int(value), on: channel, program: program)
            channel.voicemailReported = false
        case .playMessage(let address, let count):
            // One message at a time: a newer one takes the place of any still queued.
            channel.message = UnsafeBufferPointer(start: UnsafePointer<Int16>(bitPattern: address), count: Int(count))
            channel.enqueue(clip: Channel.messageClip)
            channel.voicemailReported = false
        case .record(let recording, let maxFrames, let silenceFrames):
            channel.pendingMessageRecording = recording
            channel.messageMaxFrames = maxFrames
            channel.messageSilenceFrames = silenceFrames
        case .stop:
            channel.stopPlayback()
        case .language(let language):
            guard language >= 0, language < program.languageCount else { return }
            channel.language = language
        case .callBack(let line, let number, let ringFrames):
            callOut(on: Int(line), to: number, queue: -1, caller: port, ringFrames: ringFrames)
        case .finish(let hangUp):
            stopMessageRecording(channel)
            channel.stopPlayback()
            channel.message = UnsafeBufferPointer(start: nil, count: 0)
            if hangUp {
                channel.phase = .finishing
            } else {
                channel.phase = .playing
                run(channel, program: program)
            }
        }
    }

    /// One frame of a call in voicemail: keys go to the control side (and stop what
    /// plays, but for a message being recorded, which only `#` ends); the caller hears
    /// prompts, then a message; a message being recorded is watched for its end.
    func processVoicemail(_ channel: Channel, heard: UnsafeBufferPointer<Int16>,
                          playing output: UnsafeMutableBufferPointer<Int16>, program: ExecutableProgram) {
        while let digit = channel.detector.nextDigit() {
            publish(.keyPressed(port: channel.port, key: digit, frame: frame))
            if channel.messageFrames >= 0 {
                if digit == UInt8(ascii: "#") { endMessage(channel, .pound) }
            } else {
                // Barge-in: what was queued is not "played"; the control side answers the key.
                channel.stopPlayback()
                channel.voicemailReported = true
            }
        }
        if channel.messageFrames >= 0 { watchMessage(channel, heard: heard) }
        render(channel, into: output, program: program)
        guard channel.phase == .voicemail, channel.isSilent else { return }
        if channel.pendingMessageRecording >= 0 {
            // The greeting and the tone have played: the message starts with the next frame.
            channel.recording = channel.pendingMessageRecording
            channel.pendingMessageRecording = -1
            channel.messageFrames = 0
            channel.quietFrames = 0
        } else if !channel.voicemailReported, channel.messageFrames < 0 {
            channel.voicemailReported = true
            publish(.voicemailPlayed(port: channel.port, frame: frame))
        }
    }

    private func watchMessage(_ channel: Channel, heard: UnsafeBufferPointer<Int16>) {
        var total = 0
        for index in 0..<heard.count {
            let sample = Int(heard[index])
            total += sample < 0 ? -sample : sample
        }
        channel.quietFrames = total < Self.quietAmplitude * heard.count ? channel.quietFrames + 1 : 0
        channel.messageFrames += 1
        if channel.quietFrames >= channel.messageSilenceFrames {
            endMessage(channel, .silence)
        } else if channel.messageFrames >= channel.messageMaxFrames {
            endMessage(channel, .maximumLength)
        }
    }

    private func endMessage(_ channel: Channel, _ reason: MessageEnd) {
        let frames = channel.messageFrames
        stopMessageRecording(channel)
        publish(.messageRecorded(port: channel.port, frames: frames, reason: reason, frame: frame))
    }

    /// The tap stops with this frame (a message's last 20 ms are not in it).
    private func stopMessageRecording(_ channel: Channel) {
        if channel.messageFrames >= 0 { channel.recording = -1 }
        channel.messageFrames = -1
        channel.pendingMessageRecording = -1
    }

    /// A value the control side asks for, in the call's language.
    private func sayValue(kind: UInt8, value: Int, on channel: Channel, program: ExecutableProgram) {
        guard program.wordClips.count >= Word.count, let kind = SayKind(rawValue: kind),
              let language = SpeechLanguage(rawValue: program.speechLanguages[channel.language]) else { return }
        let base = Int(channel.language) * Word.count
        switch kind {
        case .number, .digits:
            language.sayNumber(value, gender: .masculine) { channel.enqueue(clip: program.wordClips[base + $0.index]) }
        case .duration:
            language.sayDuration(seconds: value) { channel.enqueue(clip: program.wordClips[base + $0.index]) }
        case .time:
            guard value / 100 < 24, value % 100 < 60 else { return }
            language.sayTime(hour: value / 100, minute: value % 100) { channel.enqueue(clip: program.wordClips[base + $0.index]) }
        case .date:
            let (year, month, day) = (value / 10000, value / 100 % 100, value % 100)
            guard month >= 1, month <= 12, day >= 1, day <= 31 else { return }
            language.sayDate(year: year, month: month, day: day, weekday: Self.weekday(year: year, month: month, day: day)) {
                channel.enqueue(clip: program.wordClips[base + $0.index])
            }
        }
    }
}
