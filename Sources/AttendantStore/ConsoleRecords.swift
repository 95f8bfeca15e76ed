import Foundation
import GRDB

/// Someone who may log in on a console.
public struct ConsoleUser: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "console_users"

    public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
        /// Sees everything, changes nothing.
        case viewer
        /// Also runs the floor: agents, schedules, recordings, supervision.
        case supervisor
        /// Also changes the configuration, users and the appliance itself.
        case admin

        public static func < (lhs: Role, rhs: Role) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var name: String
    public var role: Role
    /// An Argon2id PHC string; never the password.
    public var passwordHash: String
    public var createdAt: Date
    public var failedLogins: Int
    public var lockedUntil: Date?

    public init(name: String, role: Role, passwordHash: String, createdAt: Date) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        failedLogins = 0
        lockedUntil = nil
    }

    enum CodingKeys: String, CodingKey {
        case name, role
        case passwordHash = "password_hash"
        case createdAt = "created_at"
        case failedLogins = "failed_logins"
        case lockedUntil = "locked_until"
    }
}

/// One change made from a console: who, where, what, and how it went.
public struct AuditEntry: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "audit_log"

    public var id: Int64?
    public var at: Date
    public var user: String
    public var console: String
    public var action: String
    public var outcome: String

    public init(at: Date, user: String, console: String, action: String, outcome: String) {
        self.at = at
        self.user = user
        self.console = console
        self.action = action
        self.outcome = outcome
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A configuration (the menu file's text) as it was committed.
public struct ConfigurationVersion: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "configuration_versions"

    public enum State: String, Codable, Sendable {
        case committed
        /// `commit confirmed`: rolled back by itself unless confirmed in time.
        case awaitingConfirmation = "awaiting-confirmation"
        case confirmed
        /// Taken back by a confirmation that never came.
        case rolledBack = "rolled-back"
    }

    public var id: Int64?
    public var committedAt: Date
    public var committedBy: String
    public var comment: String
    public var source: String
    /// The compiled program's version (hex), as calls record it.
    public var programVersion: String
    public var state: State

    public init(committedAt: Date, committedBy: String, comment: String, source: String,
                programVersion: String, state: State) {
        self.committedAt = committedAt
        self.committedBy = committedBy
        self.comment = comment
        self.source = source
        self.programVersion = programVersion
        self.state = state
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    enum CodingKeys: String, CodingKey {
        case id, comment, source, state
        case committedAt = "committed_at"
        case committedBy = "committed_by"
        case programVersion = "program_version"
    }
}

extension AttendantDatabase {
    public func consoleUser(named name: String) throws -> ConsoleUser? {
        try writer.read { db in try ConsoleUser.fetchOne(db, key: name) }
    }

    public func consoleUsers() throws -> [ConsoleUser] {
        try writer.read { db in try ConsoleUser.order(Column("name")).fetchAll(db) }
    }

    /// Adds or replaces a user (a new password, a new role).
    public func save(_ user: ConsoleUser) throws {
        try writer.write { db in try user.save(db) }
    }

    /// True when a user was removed.
    @discardableResult
    public func deleteConsoleUser(named name: String) throws -> Bool {
        try writer.write { db in try ConsoleUser.deleteOne(db, key: name) }
    }

    @discardableResult
    public func append(_ entry: AuditEntry) throws -> AuditEntry {
        try writer.write { db in
            var entry = entry
            try entry.insert(db)
            return entry
        }
    }

    /// The newest `limit` entries, newest first.
    public func auditLog(limit: Int) throws -> [AuditEntry] {
        try writer.read { db in try AuditEntry.order(Column("id").desc).limit(limit).fetchAll(db) }
    }

    @discardableResult
    public func append(_ version: ConfigurationVersion) throws -> ConfigurationVersion {
        try writer.write { db in
            var version = version
            try version.insert(db)
            return version
        }
    }

    public func update(_ version: ConfigurationVersion) throws {
        try writer.write { db in try version.update(db) }
    }

    public func configurationVersion(_ id: Int64) throws -> ConfigurationVersion? {
        try writer.read { db in try ConfigurationVersion.fetchOne(db, key: id) }
    }

    /// The newest `limit` versions, newest first.
    public func configurationVersions(limit: Int) throws -> [ConfigurationVersion] {
        try writer.read { db in try ConfigurationVersion.order(Column("id").desc).limit(limit).fetchAll(db) }
    }
}

extension AttendantDatabase {
    /// A consistent copy of the whole database in a new file (SQLite's online backup: the
    /// appliance goes on writing meanwhile).
    public func backup(toFile path: String) throws {
        let copy = try DatabaseQueue(path: path)
        try writer.backup(to: copy)
        try copy.close()
    }

    /// Replaces every table's content with a backup's, then brings its schema up to date
    /// (a backup from an older version). The file is checked first: a file that is no
    /// Attendant database changes nothing.
    public func restore(fromFile path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let source = try DatabaseQueue(path: path, configuration: configuration)
        try source.read { db in
            guard try db.tableExists("calls"), try db.tableExists("grdb_migrations") else {
                throw DatabaseError(resultCode: .SQLITE_NOTADB, message: "\(path) is no Attendant database")
            }
            let check = try String.fetchOne(db, sql: "PRAGMA integrity_check")
            guard check == "ok" else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "\(path): \(check ?? "no answer")") }
        }
        try source.backup(to: writer)
        try source.close()
        try Migrations.migrator.migrate(writer)
    }
}
