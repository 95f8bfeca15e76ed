import AttendantRuntime
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The service manager's side of sd_notify: a datagram socket bound where
/// `$NOTIFY_SOCKET` points, collecting what attendant says.
private final class NotifySocket {
    let path: String
    let descriptor: Int32

    init() throws {
        path = NSTemporaryDirectory() + "attendant-notify-\(UUID().uuidString.prefix(8)).sock"
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { for (index, byte) in bytes.enumerated() { $0[index] = byte } }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0, "bind \(path): \(errno)")
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// The messages that arrive within `seconds`.
    func messages(for seconds: Double) -> [String] {
        var received: [String] = []
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 512)
        while Date() < deadline {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { received.append(String(decoding: buffer[0..<count], as: UTF8.self)) }
        }
        return received
    }
}

@Suite struct ServiceNotifierTests {
    @Test func aMessageIsOneDatagramOnTheSocket() throws {
        let manager = try NotifySocket()
        let notifier = try ServiceNotifier(socketPath: manager.path)
        #expect(notifier.send("READY=1"))
        #expect(notifier.send("WATCHDOG=1"))
        #expect(manager.messages(for: 0.3) == ["READY=1", "WATCHDOG=1"])
    }

    @Test func nobodyListeningIsAFalseSendNotACrash() throws {
        let notifier = try ServiceNotifier(socketPath: NSTemporaryDirectory() + "attendant-nobody-\(UUID().uuidString).sock")
        #expect(!notifier.send("READY=1"))
        #expect(throws: ServiceNotifier.Failure.self) { try ServiceNotifier(socketPath: "relative.sock") }
        #expect(throws: ServiceNotifier.Failure.self) { try ServiceNotifier(socketPath: "/" + String(repeating: "x", count: 200)) }
    }

    @Test func theEnvironmentSaysWhereAndHowLongTheWatchdogWaits() throws {
        #expect(try ServiceNotifier.fromEnvironment([:]) == nil)
        let watched = try #require(try ServiceNotifier.fromEnvironment(["NOTIFY_SOCKET": "@attendant-test", "WATCHDOG_USEC": "30000000"]))
        #expect(watched.socketPath == "@attendant-test")
        #expect(watched.watchdogTimeout == 30)
        let ours = try #require(try ServiceNotifier.fromEnvironment(
            ["NOTIFY_SOCKET": "/run/systemd/notify", "WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "77"], processID: 77))
        #expect(ours.watchdogTimeout == 4)
        let another = try #require(try ServiceNotifier.fromEnvironment(
            ["NOTIFY_SOCKET": "/run/systemd/notify", "WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "78"], processID: 77))
        #expect(another.watchdogTimeout == nil, "another process's watchdog")
        let unwatched = try #require(try ServiceNotifier.fromEnvironment(["NOTIFY_SOCKET": "/run/systemd/notify"]))
        #expect(unwatched.watchdogTimeout == nil)
    }

    @Test func theWatchdogIsFedAtHalfItsTimeoutAndOnlyWhileFramesAdvance() {
        var gate = WatchdogGate(timeout: 10)
        #expect(gate.period == 5)
        // (now, media frames) -> due?
        let turns: [(Double, Int64, Bool, String)] = [
            (100, 0, false, "no frame processed yet"),
            (100, 3, true, "the first"),
            (102, 200, false, "before half the timeout"),
            (105, 250, true, "half the timeout later, frames advanced"),
            (111, 250, false, "the media loop stopped"),
            (130, 250, false, "still stopped: the watchdog runs out"),
            (131, 251, true, "going again"),
        ]
        for (now, frames, due, why) in turns {
            let said = gate.due(now: now, mediaFrames: frames)
            #expect(said == due, "at \(now) s, \(frames) frames: \(why)")
        }
    }
}

@Suite(.serialized) struct LiveApplianceNotificationTests {
    @Test func readyOnceTheMediaLoopRunsThenWatchdogWhileItDoesThenStopping() throws {
        let manager = try NotifySocket()
        let harness = try ScenarioHarness()
        // The media thread waits at its start until the test lets it go.
        let media = DispatchSemaphore(value: 0)
        let live = LiveAppliance(appliance: harness.appliance, database: harness.database, recogniser: harness.recogniser,
                                 prepareMediaThread: { media.wait() }, notify: { _ in })
        live.serviceNotifier = try ServiceNotifier(socketPath: manager.path, watchdogTimeout: 0.4)
        live.start()
        #expect(manager.messages(for: 1).isEmpty, "neither READY=1 nor WATCHDOG=1 while the media loop has not run")
        media.signal()
        let running = manager.messages(for: 1.5)
        #expect(running.first == "READY=1", "\(running)")
        let pings = running.filter { $0 == "WATCHDOG=1" }.count
        #expect(pings >= 4 && pings <= 9, "every 0.2 s for 1.5 s: \(running)")
        live.shutDown(grace: 0)
        #expect(manager.messages(for: 0.3).contains("STOPPING=1"))
    }
}
