import AttendantRuntime

/// The running appliance is what every console session talks to.
extension LiveAppliance: ConsoleBackend {}
extension LiveAppliance: RecordingConsoleBackend {}
extension LiveAppliance: VoicemailConsoleBackend {}
