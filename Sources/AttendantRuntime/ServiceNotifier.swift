import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells the service manager how attendant is, as systemd's sd_notify does for a
/// `Type=notify` unit, without libsystemd: each message is one datagram of
/// `NAME=value` lines on the AF_UNIX socket `$NOTIFY_SOCKET` names (a path, or
/// `@name` for the abstract namespace). `READY=1` once the board answers,
/// `WATCHDOG=1` while the loops are healthy (the unit's `WatchdogSec=` kills and
/// restarts a service that stops sending it), `STOPPING=1` on the way out.
public final class ServiceNotifier: @unchecked Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case socket(Int32)
        case badPath(String)

        public var description: String {
            switch self {
            case .socket(let code): "cannot make a notification socket: \(String(cString: strerror(code)))"
            case .badPath(let path): "NOTIFY_SOCKET '\(path)' is not a Unix socket's name"
            }
        }
    }

    public let socketPath: String
    /// How long the service manager waits for a `WATCHDOG=1` before it kills the
    /// service (`$WATCHDOG_USEC`); nil when it does not watch.
    public let watchdogTimeout: Double?
    private let descriptor: Int32
    private var address = sockaddr_un()
    private let addressLength: socklen_t

    /// The notifier systemd's environment asks for; nil when attendant was not
    /// started by a service manager that listens (no `$NOTIFY_SOCKET`). A watchdog
    /// meant for another process (`$WATCHDOG_PID` not ours) is not ours to feed.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       processID: Int32 = getpid()) throws -> ServiceNotifier? {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty else { return nil }
        var timeout: Double?
        if let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 {
            if let owner = environment["WATCHDOG_PID"], Int32(owner) != processID {
                timeout = nil
            } else {
                timeout = Double(microseconds) / 1_000_000
            }
        }
        return try ServiceNotifier(socketPath: path, watchdogTimeout: timeout)
    }

    public init(socketPath: String, watchdogTimeout: Double? = nil) throws {
        self.socketPath = socketPath
        self.watchdogTimeout = watchdogTimeout
        var bytes = Array(socketPath.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        // A path needs room for its terminating zero; an abstract name has none.
        guard bytes.count > (abstract ? 1 : 0), bytes.count + (abstract ? 0 : 1) <= capacity,
              socketPath.hasPrefix("/") || abstract else {
            throw Failure.badPath(socketPath)
        }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            for (index, byte) in bytes.enumerated() { path[index] = byte }
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)!
        addressLength = socklen_t(pathOffset + bytes.count + (abstract ? 0 : 1))
        #if canImport(Glibc)
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        descriptor = socket(AF_UNIX, SOCK_DGRAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure.socket(errno) }
    }

    deinit { close(descriptor) }

    /// Sends one message ("READY=1", "WATCHDOG=1", "STATUS=…"); false when the
    /// service manager did not take it (nobody listening, its queue full).
    @discardableResult
    public func send(_ message: String) -> Bool {
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bytes.withUnsafeBytes { buffer in
                    #if canImport(Glibc)
                    sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), socketAddress, addressLength)
                    #else
                    sendto(descriptor, buffer.baseAddress, buffer.count, MSG_DONTWAIT, socketAddress, addressLength)
                    #endif
                }
            }
        }
        return sent == bytes.count
    }
}

/// When the control loop may tell the watchdog all is well: at most every `period`
/// seconds (half the service manager's timeout), and only if the media loop has
/// processed frames since the last time. A stuck media loop (a board that stopped
/// delivering audio, a deadlock) or a stuck control loop (which never asks) lets
/// the watchdog run out, and the service manager restarts attendant.
public struct WatchdogGate: Sendable {
    public let period: Double
    private var lastSent = -Double.infinity
    private var framesAtLastSend: Int64 = -1

    public init(timeout: Double) { period = timeout / 2 }

    /// True when a `WATCHDOG=1` is due now; the caller then sends it.
    public mutating func due(now: Double, mediaFrames: Int64) -> Bool {
        guard now - lastSent >= period, mediaFrames > framesAtLastSend, mediaFrames > 0 else { return false }
        lastSent = now
        framesAtLastSend = mediaFrames
        return true
    }
}
