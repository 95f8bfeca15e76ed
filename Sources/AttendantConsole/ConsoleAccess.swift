import AttendantSecurity
import AttendantStore
import Foundation

/// Who is typing on a console, as commands and the audit log see them.
public struct ConsoleOperator: Sendable, Equatable {
    public var name: String
    public var role: ConsoleUser.Role
    /// The console's device ("/dev/ttyS0", "local terminal").
    public var console: String

    public init(name: String, role: ConsoleUser.Role, console: String) {
        self.name = name
        self.role = role
        self.console = console
    }

    /// The terminal `attendant run` was started on: whoever has it has the machine.
    public static let localTerminal = ConsoleOperator(name: "local", role: .admin, console: "local terminal")
}

/// Console users, logins and the audit log, shared by every session of one appliance.
/// Logins are checked against Argon2id hashes; failures are slowed by the session and
/// counted per user, and too many in a row lock the user out for a while.
public final class ConsoleAccess: @unchecked Sendable {
    public struct Policy: Sendable {
        /// Seconds a session waits after a failed login before asking again.
        public var failureDelay: Double = 2
        /// Failed logins in a row that lock a user out.
        public var failuresBeforeLockout = 3
        public var lockoutSeconds: Double = 300
        /// A session nobody types on for this long is logged out.
        public var idleLogoutSeconds: Double = 900
        public var hashCost: SecretHash.Cost = .standard

        public init() {}
    }

    public enum LoginOutcome: Sendable, Equatable {
        case welcome(ConsoleOperator)
        /// Said to the person at the console: never whether the name exists.
        case refused(String)
    }

    public let policy: Policy
    private let database: AttendantDatabase
    private let now: @Sendable () -> Date
    private let lock = NSLock()

    public init(database: AttendantDatabase, policy: Policy = Policy(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.policy = policy
        self.now = now
        decoy = try? SecretHash.make(for: UUID().uuidString, cost: policy.hashCost)
    }

    public var currentDate: Date { now() }

    /// False on a first boot: sessions then say how to make the first admin.
    public var hasUsers: Bool { ((try? database.consoleUsers()) ?? []).isEmpty == false }

    public func logIn(name: String, password: String, console: String) -> LoginOutcome {
        lock.withLock {
            let incorrect = LoginOutcome.refused("login incorrect")
            guard var user = try? database.consoleUser(named: name) else {
                // The same work as for a real user, so timing does not tell names apart.
                _ = decoy?.matches(password)
                record(user: name, console: console, action: "login", outcome: "refused: no such user")
                return incorrect
            }
            let date = now()
            if let until = user.lockedUntil, until > date {
                record(user: name, console: console, action: "login", outcome: "refused: locked")
                let minutes = Int((until.timeIntervalSince(date) / 60).rounded(.up))
                return .refused("login incorrect; too many failures: locked for \(minutes) more minute\(minutes == 1 ? "" : "s")")
            }
            guard let hash = SecretHash(encoded: user.passwordHash), hash.matches(password) else {
                user.failedLogins += 1
                var outcome = "refused: wrong password (\(user.failedLogins) in a row)"
                if user.failedLogins >= policy.failuresBeforeLockout {
                    user.lockedUntil = date.addingTimeInterval(policy.lockoutSeconds)
                    user.failedLogins = 0
                    outcome += "; locked for \(Int(policy.lockoutSeconds)) s"
                }
                try? database.save(user)
                record(user: name, console: console, action: "login", outcome: outcome)
                return incorrect
            }
            user.failedLogins = 0
            user.lockedUntil = nil
            try? database.save(user)
            record(user: name, console: console, action: "login", outcome: "ok")
            return .welcome(ConsoleOperator(name: user.name, role: user.role, console: console))
        }
    }

    /// Adds a user, or gives an existing one a new password and role.
    public func setUser(_ name: String, role: ConsoleUser.Role, password: String) throws {
        let hash = try SecretHash.make(for: password, cost: policy.hashCost)
        var user = (try database.consoleUser(named: name)) ?? ConsoleUser(name: name, role: role, passwordHash: hash.encoded, createdAt: now())
        user.role = role
        user.passwordHash = hash.encoded
        user.failedLogins = 0
        user.lockedUntil = nil
        try database.save(user)
    }

    /// Saves a changed role (the password stays).
    public func setRole(_ user: ConsoleUser) throws { try database.save(user) }

    public func users() throws -> [ConsoleUser] { try database.consoleUsers() }

    public func user(named name: String) throws -> ConsoleUser? { try database.consoleUser(named: name) }

    @discardableResult
    public func removeUser(_ name: String) throws -> Bool { try database.deleteConsoleUser(named: name) }

    public func unlock(_ name: String) throws -> Bool {
        guard var user = try database.consoleUser(named: name) else { return false }
        user.failedLogins = 0
        user.lockedUntil = nil
        try database.save(user)
        return true
    }

    /// Writes one line of the audit log (a failure to write is logged, never fatal).
    public func record(_ who: ConsoleOperator, action: String, outcome: String) {
        record(user: who.name, console: who.console, action: action, outcome: outcome)
    }

    public func auditLog(limit: Int) throws -> [AuditEntry] { try database.auditLog(limit: limit) }

    private func record(user: String, console: String, action: String, outcome: String) {
        _ = try? database.append(AuditEntry(at: now(), user: user, console: console, action: action, outcome: outcome))
    }

    /// A hash of nothing anyone knows, at the policy's cost, checked for unknown names.
    private let decoy: SecretHash?
}
