import AttendantDSP

/// One analog line of the simulated board, from the exchange's point of view.
final class SimulatedLine {
    enum State: Equatable {
        case idle
        case ringing(since: Int64)
        case connected
        /// The far end hung up; the line stays dead until the port goes on hook.
        case farEndGone
        /// The port seized the line to call out: dial tone until the first digit, then
        /// digits until the exchange has waited long enough after the last one.
        case dialling
        /// The number dialled rings; the port hears ringback.
        case ringingOut
        /// The number dialled is in a call: busy tone until the port goes on hook.
        case calledBusy
        /// No such number: congestion tone until the port goes on hook.
        case unobtainable
    }

    let index: Int
    private let lineModel: LineModel
    private let cadence: RingCadence
    private(set) var state: State = .idle
    private(set) var farEnd: FarEnd?
    private(set) var callerNumber: String?
    private var ringVoltage = false
    private let callerID: CallerIDTransmitter
    /// Frame at which caller ID starts: after the first ring, as Bellcore and ETSI's
    /// ring-first variant send it. Nil once sent, or when there is no number.
    private var callerIDStart: Int64?
    private var callerIDSending = false
    static let callerIDDelayFrames: Int64 = 25  // 500 ms after the first ring ends

    /// What the exchange plays once the far end has hung up, if not a loop-current drop.
    private let disconnectTone: ToneGenerator?
    /// The exchange's side of a call the port makes.
    private let outgoing: OutgoingCall
    /// The phone this port called, once it rings or answers; nil for calls that rang the port.
    private var calledPhone: OfficePhone?

    init(index: Int, settings: LineModelSettings, cadence: RingCadence, callerID standard: CallerIDStandard,
         disconnect: DisconnectSignal, tones: TonePlan, directory: Directory) {
        outgoing = OutgoingCall(tones: tones, directory: directory)
        self.index = index
        if case .busyTone(let plan) = disconnect {
            disconnectTone = ToneGenerator(plan.busy, levelDBm0: -13)
        } else {
            disconnectTone = nil
        }
        self.cadence = cadence
        lineModel = LineModel(settings: settings, lineIndex: index)
        callerID = CallerIDTransmitter(standard: standard)
    }

    var isBusy: Bool { state != .idle }

    /// The exchange starts ringing the port; the first ring begins at the next frame.
    func placeCall(from farEnd: FarEnd, callerNumber: String?, frame: Int64) -> Bool {
        guard state == .idle else { return false }
        self.farEnd = farEnd
        self.callerNumber = callerNumber
        state = .ringing(since: frame)
        callerIDStart = callerNumber == nil ? nil : frame + 1 + cadence.onFrames + Self.callerIDDelayFrames
        if let callerNumber { callerID.prepare(number: callerNumber) }
        callerIDSending = false
        return true
    }

    /// The far end put its phone down.
    func farEndHangUp(signals: inout SignalQueue) {
        switch state {
        case .ringing:
            if ringVoltage { signals.push(.ringStopped(port: index)) }
            ringVoltage = false
            detach()
            state = .idle
        case .connected:
            if disconnectTone == nil { signals.push(.loopCurrentDropped(port: index)) }
            detach()
            state = .farEndGone
        case .idle, .farEndGone, .dialling, .ringingOut, .calledBusy, .unobtainable:
            break  // a call the port makes ends when the called phone is put down
        }
    }

    func setHook(_ hook: HookState, frame: Int64, signals: inout SignalQueue) {
        switch (state, hook) {
        case (.idle, .offHook):
            state = .dialling
            outgoing.seize(frame: frame)
        case (.dialling, .onHook), (.calledBusy, .onHook), (.unobtainable, .onHook):
            state = .idle
        case (.ringingOut, .onHook):
            calledPhone?.ringing(false, frame: frame)
            calledPhone = nil
            state = .idle
        case (.ringing, .offHook):
            if ringVoltage { signals.push(.ringStopped(port: index)) }
            ringVoltage = false
            state = .connected
            farEnd?.answered(frame: frame)
        case (.connected, .onHook):
            farEnd?.released(frame: frame)
            detach()
            state = .idle
        case (.farEndGone, .onHook):
            state = .idle
        default:
            break
        }
    }

    /// Advances ring cadence; called once per frame before audio.
    func advanceSignalling(frame: Int64, signals: inout SignalQueue) {
        if calledPhone != nil || state == .dialling {
            advanceOutgoing(frame: frame, signals: &signals)
            return
        }
        guard case .ringing(let since) = state else { return }
        let ringing = cadence.isRinging(elapsedFrames: frame - since - 1)
        if ringing != ringVoltage {
            ringVoltage = ringing
            signals.push(ringing ? .ringStarted(port: index) : .ringStopped(port: index))
        }
    }

    func fillCapture(_ audio: UnsafeMutableBufferPointer<Int16>, frame: Int64) {
        switch state {
        case .dialling, .ringingOut, .calledBusy, .unobtainable:
            outgoing.tone(for: state, into: audio)
            lineModel.towardsPort(audio)
            return
        default:
            break
        }
        if case .ringing = state {
            sendCallerID(into: audio, frame: frame)
            return
        }
        if state == .farEndGone, let disconnectTone {
            disconnectTone.generate(into: audio)
            lineModel.towardsPort(audio)
            return
        }
        guard state == .connected, let farEnd else {
            audio.update(repeating: 0)
            return
        }
        farEnd.send(into: audio, frame: frame)
        lineModel.towardsPort(audio)
    }

    /// `audio` is scratch space: the line model works on it in place.
    func deliverPlayback(_ audio: UnsafeMutableBufferPointer<Int16>, frame: Int64) {
        if state == .dialling {
            lineModel.towardsCaller(audio)
            outgoing.listen(to: UnsafeBufferPointer(audio), frame: frame)
            return
        }
        guard state == .connected, let farEnd else {
            lineModel.rememberSilence()
            return
        }
        lineModel.towardsCaller(audio)
        farEnd.receive(UnsafeBufferPointer(audio), frame: frame)
    }

    /// Between the first and second ring the exchange sends the calling number as FSK.
    private func sendCallerID(into audio: UnsafeMutableBufferPointer<Int16>, frame: Int64) {
        if let start = callerIDStart, frame >= start {
            callerID.start()
            callerIDStart = nil
            callerIDSending = true
        }
        guard callerIDSending else {
            audio.update(repeating: 0)
            return
        }
        if callerID.generate(into: audio) == 0 { callerIDSending = false }
        lineModel.towardsPort(audio)
    }

    /// Digits dialled, the called phone ringing and answering, and its hanging up.
    private func advanceOutgoing(frame: Int64, signals: inout SignalQueue) {
        switch state {
        case .dialling:
            guard outgoing.isNumberComplete(frame: frame) else { return }
            switch outgoing.route() {
            case .phone(let phone):
                calledPhone = phone
                state = .ringingOut
                phone.ringing(true, frame: frame)
            case .busy:
                state = .calledBusy
            case .unknown:
                state = .unobtainable
            }
        case .ringingOut:
            guard let phone = calledPhone else { return }
            phone.advance(frame: frame)
            if phone.isOffHook {
                phone.ringing(false, frame: frame)
                farEnd = phone
                state = .connected
                phone.answered(frame: frame)
            }
        case .connected:
            guard let phone = calledPhone else { return }
            phone.advance(frame: frame)
            if !phone.isOffHook {
                phone.released(frame: frame)
                calledPhone = nil
                farEndHangUp(signals: &signals)
            }
        default:
            break
        }
    }

    private func detach() {
        calledPhone = nil
        farEnd = nil
        callerNumber = nil
        callerIDStart = nil
        callerIDSending = false
    }
}
