import GRDB

/// The schema, one named migration at a time. Add a migration for every change;
/// never edit one that has shipped.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-calls", migrate: createCalls)
        migrator.registerMigration("v2-queue-events", migrate: createQueueEvents)
        return migrator
    }

    private static func createCalls(_ db: Database) throws {
        try db.create(table: "calls") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("call_id", .text).notNull().unique()
            table.column("port", .integer).notNull()
            table.column("caller_number", .text)
            table.column("ring_at", .datetime).notNull()
            table.column("answered_at", .datetime)
            table.column("ended_at", .datetime).notNull()
            table.column("duration_seconds", .double).notNull()
            table.column("menu_path", .text).notNull()
            table.column("keys", .text).notNull()
            table.column("disposition", .text).notNull()
            table.column("menu_version", .text)
        }
        try db.create(index: "calls_on_ended_at", on: "calls", columns: ["ended_at"])
    }

    private static func createQueueEvents(_ db: Database) throws {
        try db.create(table: "queue_events") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("at", .datetime).notNull()
            table.column("kind", .text).notNull()
            table.column("queue", .text)
            table.column("call_id", .text)
            table.column("agent", .integer)
            table.column("wait_seconds", .double)
            table.column("detail", .integer)
            table.column("reason", .text)
        }
        try db.create(index: "queue_events_on_call_id", on: "queue_events", columns: ["call_id"])
        try db.create(index: "queue_events_on_queue_at", on: "queue_events", columns: ["queue", "at"])
    }
}
