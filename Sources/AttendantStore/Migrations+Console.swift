import GRDB

extension Migrations {
    /// Console users (passwords as Argon2id PHC strings only), the audit log of every
    /// change made from a console, and every configuration version ever committed.
    static func createConsoleTables(_ db: Database) throws {
        try db.create(table: "console_users") { table in
            table.primaryKey("name", .text)
            table.column("role", .text).notNull()
            table.column("password_hash", .text).notNull()
            table.column("created_at", .datetime).notNull()
            table.column("failed_logins", .integer).notNull().defaults(to: 0)
            table.column("locked_until", .datetime)
        }
        try db.create(table: "audit_log") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("at", .datetime).notNull()
            table.column("user", .text).notNull()
            table.column("console", .text).notNull()
            table.column("action", .text).notNull()
            table.column("outcome", .text).notNull()
        }
        try db.create(table: "configuration_versions") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("committed_at", .datetime).notNull()
            table.column("committed_by", .text).notNull()
            table.column("comment", .text).notNull()
            table.column("source", .text).notNull()
            table.column("program_version", .text).notNull()
            // 'committed', 'awaiting-confirmation', 'confirmed', 'rolled-back'.
            table.column("state", .text).notNull()
        }
    }
}
