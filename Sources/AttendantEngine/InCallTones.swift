import AttendantDSP

/// What an agent hears over the call after pressing `*1`.
public enum RecordingTone: Int32, Sendable, BitwiseCopyable {
    /// One 1400 Hz beep (200 ms): the call is recorded from now on.
    case started
    /// Two beeps: the recording stopped.
    case stopped
    /// A second of the tone plan's congestion tone: the call cannot be recorded.
    case refused

    var frames: Int32 {
        switch self {
        case .started: 10
        case .stopped: 30
        case .refused: 50
        }
    }
}

/// An agent in a call (an office phone, or a follow-me agent's line): its keys go to
/// the control side (which recognises `*1`), and it hears a short tone over the call when told to.
extension MediaEngine {
    /// One frame of an office phone bridged to a call: keys out, the call in, a tone over it.
    func processPhoneInCall(_ phoneChannel: Channel, heard: UnsafeBufferPointer<Int16>,
                            playing output: UnsafeMutableBufferPointer<Int16>) {
        // `output` still holds last frame's sound: the echo that may be in `heard` now.
        phoneChannel.detector.process(heard, played: UnsafeBufferPointer(output))
        while let digit = phoneChannel.detector.nextDigit() {
            publish(.keyPressed(port: phoneChannel.port, key: digit, frame: frame))
        }
        playFromSwitch(phoneChannel, into: output)
        layTone(over: output, for: phoneChannel)
    }

    /// Adds what is left of the channel's tone (`play(_:toPhone:)`) to its frame.
    func layTone(over output: UnsafeMutableBufferPointer<Int16>, for channel: Channel) {
        guard channel.toneFramesLeft > 0 else { return }
        channel.toneFramesLeft -= 1
        let generator = channel.toneIsRefusal ? channel.refusalTone : channel.recordingBeep
        generator.generate(into: toneScratch)
        for index in 0..<output.count {
            output[index] = Int16(clamping: Int32(output[index]) + Int32(toneScratch[index]))
        }
    }

    /// `*1` was carried out or refused: the agent on `port` hears so, if still in a call.
    func play(_ tone: RecordingTone, toPhone port: Int) {
        guard port >= 0, port < channels.count, channels[port].phase == .bridged else { return }
        let channel = channels[port]
        channel.toneIsRefusal = tone == .refused
        channel.toneFramesLeft = tone.frames
        if tone == .refused { channel.refusalTone.restart() } else { channel.recordingBeep.restart() }
    }
}
