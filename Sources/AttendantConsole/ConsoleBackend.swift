import Foundation
import AttendantEngine
import AttendantControl
import AttendantRuntime
import AttendantStore

/// What the console can see and do. The console never touches engine state itself:
/// it asks through this, and the backend sends commands to the threads that own it.
public protocol ConsoleBackend: AnyObject {
    var portCount: Int { get }
    func channelViews() -> [ChannelView]
    func recentCalls(limit: Int) throws -> [CallRecord]
    func statisticsLines() -> [String]
    /// Simulated board only: rings `port` (1-based) from a demo caller. Returns an error message or nil.
    func simulateCall(port: Int, from number: String?) -> String?
    func simulatePress(port: Int, keys: String) -> String?
    func simulateHangUp(port: Int) -> String?
    /// Compiles the menu files again; new calls take a good program, calls in progress
    /// keep theirs; a bad one changes nothing. Returns what to tell the administrator.
    func reload() -> String
    /// Connects the calls on two ports (1-based) so they hear each other. Returns an error message or nil.
    func bridge(_ a: Int, _ b: Int) -> String?
    /// Takes the call on `port` (1-based) out of its bridge, back to its menu.
    func unbridge(_ port: Int) -> String?
    /// "closed now until 14:00": `open` nil returns the schedule to its rules.
    /// Returns an error message or nil.
    func overrideSchedule(_ name: String, open: Bool?, until: (hour: Int, minute: Int)?) -> String?
    func queueViews() -> [QueueView]
    func agentViews() -> [AgentView]
    /// Logs agent `number` in or out, pauses or unpauses them. Returns an error message or nil.
    func changeAgent(_ number: Int, _ change: AgentChange) -> String?
    /// Versions for `show version`: the program, its native libraries, the image's slots.
    func versionLines() -> [String]
    /// Installs an update bundle into the other slot (the board image); what to tell the administrator.
    func installUpdate(_ bundle: String) -> [String]
    /// Sets the machine's clock (the board image); what to tell the administrator.
    func setClock(to date: Date) -> [String]
    /// What `show board` says: the board file, its ports, GPIO chip and ALSA devices.
    func boardLines() -> [String]
    /// Reboots the board (the board image); what to tell the administrator.
    func reboot() -> [String]
}

extension ConsoleBackend {
    public func versionLines() -> [String] { [] }
    public func installUpdate(_ bundle: String) -> [String] { ["error: updates are installed on the board image only"] }
    public func setClock(to date: Date) -> [String] { ["error: the board image sets its clock; this console does not"] }
    public func boardLines() -> [String] { [] }
    public func reboot() -> [String] { ["error: the board image reboots; this console does not"] }
}
