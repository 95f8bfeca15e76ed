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
    /// After the queued prompts, play `count` samples at address `samples`. The control
    /// side owns that memory and frees it only after the call's `ended` event.
    case playMessage(samples: UInt, count: Int32)
    /// Once the queued prompts have played, record the caller as `recording` (the tap)
    /// until `#`, `silenceFrames` of quiet, or `maxFrames`; then `messageRecorded`.
    case record(recording: Int32, maxFrames: Int32, silenceFrames: Int32)
    /// Stop what plays and what is queued.
    case stop
    /// The call hears its box's language from now on.
    case language(Int32)
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
            channel.message = UnsafePointer<Int16>(bitPattern: address)
            channel.messageCount = Int(count)
            channel.messagePosition = 0
            channel.voicemailReported = false
        case .record(let recording, let maxFrames, let silenceFrames):
            channel.pendingMessageRecording = recording
            channel.messageMaxFrames = maxFrames
            channel.messageSilenceFrames = silenceFrames
        case .stop:
            channel.stopPlayback()
            channel.messagePosition = channel.messageCount
        case .language(let language):
            guard language >= 0, language < program.languageCount else { return }
            channel.language = language
        case .finish(let hangUp):
            stopMessageRecording(channel)
            channel.message = nil
            channel.messageCount = 0
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
                channel.stopPlayback()
                channel.messagePosition = channel.messageCount
            }
        }
        if channel.messageFrames >= 0 { watchMessage(channel, heard: heard) }
        renderVoicemail(channel, into: output, program: program)
        guard channel.phase == .voicemail, channel.isSilent, channel.messagePosition >= channel.messageCount else { return }
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

    /// Prompts first, then the message, then silence.
    private func renderVoicemail(_ channel: Channel, into output: UnsafeMutableBufferPointer<Int16>, program: ExecutableProgram) {
        if !channel.isSilent || channel.messagePosition >= channel.messageCount {
            render(channel, into: output, program: program)
            return
        }
        guard let message = channel.message else {
            output.update(repeating: 0)
            return
        }
        let count = min(output.count, channel.messageCount - channel.messagePosition)
        output.baseAddress!.update(from: message + channel.messagePosition, count: count)
        if count < output.count { (output.baseAddress! + count).update(repeating: 0, count: output.count - count) }
        channel.messagePosition += count
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
