import AttendantDSP

public struct EngineSettings: Sendable {
    /// Rings heard before an FXO line is answered. Two lets caller ID, sent after the
    /// first ring, arrive first.
    public var answerAfterRings: Int
    public var callerID: CallerIDStandard
    /// The region's busy, congestion and dial tones, heard to notice a far end that hung up.
    public var tonePlan: TonePlan
    /// A ringing call with no new ring for this long was given up by the caller.
    public var ringTimeoutMilliseconds: Int
    public var dtmf: DTMFDetector.Settings
    /// Room for events between the media thread and the control thread.
    public var eventCapacity: Int
    /// When an office phone rung for a caller gets the caller's number as FSK: after the
    /// first ring (2 s in North America) and half a second of quiet, as Bellcore sends it.
    public var phoneCallerIDDelayMilliseconds = 2500
    /// Frames the recording tap holds for the recorder thread (`RecordingTap`).
    public var recordingCapacity = RecordingTap.defaultCapacity

    public init(answerAfterRings: Int = 2, callerID: CallerIDStandard = .bellcoreClass,
                tonePlan: TonePlan = .northAmerica,
                ringTimeoutMilliseconds: Int = 8000,
                dtmf: DTMFDetector.Settings = .attendantDefaults, eventCapacity: Int = 4096) {
        self.answerAfterRings = answerAfterRings
        self.callerID = callerID
        self.tonePlan = tonePlan
        self.ringTimeoutMilliseconds = ringTimeoutMilliseconds
        self.dtmf = dtmf
        self.eventCapacity = eventCapacity
    }
}
