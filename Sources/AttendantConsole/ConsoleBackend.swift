import AttendantControl
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
}
