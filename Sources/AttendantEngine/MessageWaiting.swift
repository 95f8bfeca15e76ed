import AttendantBoard
import AttendantDSP

/// Message waiting on an office phone: the board's lamp, stutter dial tone when the
/// phone is lifted, and the visual indicator sent as FSK while it is on hook.
extension MediaEngine {
    /// Stutter dial tone lasts this long after the phone is lifted (3 s), 100 ms on, 100 ms off.
    static let stutterFrames: Int64 = 150
    static let stutterHalfPeriodFrames: Int64 = 5

    func setMessageWaiting(_ waiting: Bool, port: Int) {
        guard port >= 0, port < channels.count else { return }
        let channel = channels[port]
        board.setMessageWaiting(waiting, port: port)
        guard isPhonePort[port] else { return }
        channel.messageWaiting = waiting
        channel.callerIDOut.prepareMessageWaiting(waiting)
        channel.isSendingIndicator = channel.callerIDOut.start()
    }

    /// An idle port's line: silence, or the visual indicator while it goes out
    /// (it waits while the phone is in use: `process` only calls this for idle ports).
    func sendIndicator(to channel: Channel, into output: UnsafeMutableBufferPointer<Int16>) {
        guard channel.isSendingIndicator else {
            output.update(repeating: 0)
            return
        }
        if channel.callerIDOut.generate(into: output) == 0 { channel.isSendingIndicator = false }
    }

    /// Dial tone, stuttered for its first seconds when the phone's box has new messages.
    func playDialTone(to phoneChannel: Channel, into output: UnsafeMutableBufferPointer<Int16>) {
        phoneChannel.dialTone.generate(into: output)
        let since = frame - phoneChannel.offHookFrame
        if phoneChannel.messageWaiting, since < Self.stutterFrames, (since / Self.stutterHalfPeriodFrames) % 2 == 1 {
            output.update(repeating: 0)
        }
    }
}
