import AttendantBoard
import AttendantDSP

/// Putting a caller through to an office phone (FXS): the caller's `extension N`
/// asks the control side, which picks the port and sends `ringExtension`; the engine
/// rings it, plays the caller ringback, and bridges the two when the phone is picked
/// up. No answer within the ring timeout, or a refusal, and the caller hears
/// `not-available` and its action goes on; never a dropped call.
extension MediaEngine {
    /// Rings before an unanswered extension is given up: 20 s.
    static let extensionRingFrames: Int64 = 1000
    /// Dialling ends this long after the last digit (or at `#`): 3 s.
    static let interDigitFrames: Int64 = 150
    /// An office phone off hook that dials nothing hears busy after 10 s.
    static let firstDigitFrames: Int64 = 500

    func requestExtension(_ request: Int32, on channel: Channel) {
        channel.phase = .transferring
        channel.transferPeer = -1
        channel.keyDeadline = 0
        publish(.extensionRequested(port: channel.port, request: Int(request), frame: frame))
    }

    func ringExtension(_ phone: Int, for caller: Int) {
        guard caller >= 0, caller < channels.count, channels[caller].phase == .transferring else { return }
        guard phone >= 0, phone < channels.count, isPhonePort[phone], channels[phone].phase == .idle else {
            transferFailed(channels[caller])
            return
        }
        channels[caller].transferPeer = phone
        ring(channels[phone], for: caller, frames: Self.extensionRingFrames)
    }

    /// Rings an idle office phone for the caller on `caller`, for at most `frames`.
    func ring(_ phoneChannel: Channel, for caller: Int, frames: Int64) {
        phoneChannel.phase = .alerting
        phoneChannel.transferPeer = caller
        phoneChannel.lastRingFrame = frame
        phoneChannel.keyDeadline = frame + frames
        board.setRinging(true, port: phoneChannel.port)
        if caller >= 0, caller < channels.count, channels[caller].callerNumber.count > 0 {
            let number = channels[caller].callerNumber
            phoneChannel.callerIDOut.prepare(count: number.count) { number[$0] }
            phoneChannel.callerIDOutAt = frame + Int64(AudioFormat.frames(milliseconds: settings.phoneCallerIDDelayMilliseconds))
        }
        publish(.extensionRinging(port: phoneChannel.port, caller: caller, frame: frame))
    }

    /// An office phone hears dial tone and may dial: a lifted handset, a flash, a star code answered.
    func startDialing(_ phoneChannel: Channel) {
        phoneChannel.phase = .dialing
        phoneChannel.offHookFrame = frame
        phoneChannel.detector.reset()
        phoneChannel.collected = KeyString()
        phoneChannel.keyDeadline = frame + Self.firstDigitFrames
    }

    /// An office phone went off hook: if it was rung for a caller still waiting, they
    /// are connected; if it was idle, it hears dial tone and may dial an extension.
    func phonePickedUp(_ phoneChannel: Channel) {
        if phoneChannel.phase == .idle {
            startDialing(phoneChannel)
            return
        }
        guard phoneChannel.phase == .alerting, phoneChannel.transferPeer >= 0 else { return }
        let caller = channels[phoneChannel.transferPeer]
        board.setRinging(false, port: phoneChannel.port)
        phoneChannel.transferPeer = -1
        if caller.phase == .queued {
            takeFromQueue(caller, by: phoneChannel)
            return
        }
        guard caller.phase == .transferring else {
            phoneChannel.phase = .idle
            return
        }
        phoneChannel.detector.reset()
        connect(caller, phoneChannel)
    }

    /// One frame of an office phone that is dialling or engaged.
    func processPhone(_ phoneChannel: Channel, heard: UnsafeBufferPointer<Int16>, playing output: UnsafeMutableBufferPointer<Int16>) {
        if phoneChannel.phase == .engaged {
            phoneChannel.busyTone.generate(into: output)
            return
        }
        phoneChannel.detector.process(heard, played: nil)
        while let digit = phoneChannel.detector.nextDigit() {
            publish(.keyPressed(port: phoneChannel.port, key: digit, frame: frame))
            if digit == UInt8(ascii: "#") {
                phoneChannel.keyDeadline = frame  // dialled: the number goes now
            } else {
                phoneChannel.collected.append(digit)
                phoneChannel.keyDeadline = frame + Self.interDigitFrames
            }
        }
        if phoneChannel.collected.count == 0 {
            playDialTone(to: phoneChannel, into: output)
        } else {
            output.update(repeating: 0)
        }
        guard frame >= phoneChannel.keyDeadline else { return }
        if phoneChannel.collected.count == 0 {
            phoneChannel.phase = .engaged
            return
        }
        if phoneChannel.heldParty >= 0, transferHeldToQueue(dialled: phoneChannel.collected, by: phoneChannel) { return }
        phoneChannel.phase = .transferring
        phoneChannel.transferPeer = -1
        publish(.extensionDialed(port: phoneChannel.port, number: phoneChannel.collected, frame: frame))
    }

    /// An office phone was hung up: its part ends; the caller it talked to goes back to its menu.
    func phoneHungUp(_ phoneChannel: Channel) {
        if phoneChannel.heldParty >= 0 { transferHeld(by: phoneChannel) }
        if phoneChannel.phase == .bridged { leaveBridge(phoneChannel) }
        if phoneChannel.phase == .transferring { withdrawOffers(of: phoneChannel) }
        release(phoneChannel)
    }

    /// An office phone rang out unanswered: a caller put through to it hears
    /// `not-available`; a waiting caller keeps its place and the control side offers it on.
    func phoneRangOut(_ phoneChannel: Channel) {
        let caller = phoneChannel.transferPeer
        release(phoneChannel)
        guard caller >= 0 else { return }
        if channels[caller].phase == .transferring {
            transferFailed(channels[caller])
        } else if channels[caller].phase == .queued {
            publish(.offerMissed(port: phoneChannel.port, caller: caller, frame: frame))
        }
    }

    /// The caller hears `not-available` and its action goes on after the request; an
    /// office phone that dialled hears busy.
    func transferFailed(_ caller: Channel) {
        caller.transferPeer = -1
        guard let program = caller.program else {
            if caller.heldParty >= 0 {
                resumeHeld(by: caller)  // a consultation that could not be made: back to the held caller
            } else {
                caller.phase = .engaged
            }
            return
        }
        caller.enqueue(clip: program.notAvailableClips[caller.language])
        caller.phase = .playing
        run(caller, program: program)
    }

    /// An office phone's part is over: it stops ringing and is idle again.
    func release(_ phoneChannel: Channel) {
        if phoneChannel.phase == .alerting { board.setRinging(false, port: phoneChannel.port) }
        phoneChannel.reset()
        publish(.extensionReleased(port: phoneChannel.port, frame: frame))
    }
}
