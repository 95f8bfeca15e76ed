import GRDB

/// The schema, one named migration at a time. Add a migration for every change;
/// never edit one that has shipped.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-calls", migrate: createCalls)
        migrator.registerMigration("v2-queue-events", migrate: createQueueEvents)
        migrator.registerMigration("v3-calls-in-progress", migrate: recordCallsInProgress)
        migrator.registerMigration("v4-recordings", migrate: createRecordings)
        migrator.registerMigration("v5-console", migrate: createConsoleTables)
        migrator.registerMigration("v6-voicemail", migrate: createVoicemail)
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

    /// One row per recording file: which call, who, how long, how big, where, its checksum.
    private static func createRecordings(_ db: Database) throws {
        try db.create(table: "recordings") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("call_id", .text).notNull()
            table.column("caller", .text)
            table.column("other_party", .text)
            table.column("reason", .text).notNull()
            table.column("started_at", .datetime).notNull()
            table.column("duration_seconds", .double).notNull().defaults(to: 0)
            table.column("format", .text).notNull()
            table.column("size_bytes", .integer).notNull().defaults(to: 0)
            table.column("path", .text).notNull().unique()
            table.column("sha256", .text)
            table.column("state", .text).notNull()
            table.column("flagged", .boolean).notNull().defaults(to: false)
        }
        try db.create(index: "recordings_on_call_id", on: "recordings", columns: ["call_id"])
        try db.create(index: "recordings_on_state", on: "recordings", columns: ["state"])
    }

    /// A row per voicemail message (its file is a recording), a row per box whose PIN
    /// was set on the console (the PIN only as an Argon2id hash), and the greetings
    /// owners recorded.
    private static func createVoicemail(_ db: Database) throws {
        try db.create(table: "voicemail_messages") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("box", .text).notNull()
            table.column("folder", .text).notNull()
            table.column("call_id", .text).notNull()
            table.column("caller", .text)
            table.column("received_at", .datetime).notNull()
            table.column("duration_seconds", .double).notNull().defaults(to: 0)
            table.column("format", .text).notNull()
            table.column("size_bytes", .integer).notNull().defaults(to: 0)
            table.column("path", .text).notNull().unique()
            table.column("sha256", .text)
            table.column("state", .text).notNull()
        }
        try db.create(index: "voicemail_messages_on_box_folder", on: "voicemail_messages", columns: ["box", "folder"])
        try db.create(table: "voicemail_pins") { table in
            table.column("box", .text).notNull().primaryKey()
            table.column("pin_hash", .text).notNull()
            table.column("set_at", .datetime).notNull()
        }
        // Greetings the owner recorded by phone, replacing the box's catalogue prompts.
        try db.create(table: "voicemail_greetings") { table in
            table.column("box", .text).notNull()
            table.column("kind", .text).notNull()
            table.column("path", .text).notNull()
            table.column("recorded_at", .datetime).notNull()
            table.primaryKey(["box", "kind"])
        }
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

    /// A call's row is written when it is answered and completed when it ends, so the
    /// end, the duration and the disposition are unknown for a while: SQLite cannot drop
    /// a NOT NULL in place, so `calls` is rebuilt with them nullable, plus the row's
    /// `state` and the heartbeat (`last_seen_at`) that dates the end of a call cut by a crash.
    private static func recordCallsInProgress(_ db: Database) throws {
        try db.create(table: "calls_v3") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("call_id", .text).notNull().unique()
            table.column("port", .integer).notNull()
            table.column("caller_number", .text)
            table.column("ring_at", .datetime).notNull()
            table.column("answered_at", .datetime)
            table.column("ended_at", .datetime)
            table.column("duration_seconds", .double)
            table.column("menu_path", .text).notNull()
            table.column("keys", .text).notNull()
            table.column("disposition", .text)
            table.column("menu_version", .text)
            table.column("state", .text).notNull().defaults(to: "completed")
            table.column("last_seen_at", .datetime)
        }
        let kept = "id, call_id, port, caller_number, ring_at, answered_at, ended_at, duration_seconds, "
            + "menu_path, keys, disposition, menu_version"
        try db.execute(sql: "INSERT INTO calls_v3 (\(kept)) SELECT \(kept) FROM calls")
        try db.drop(table: "calls")
        try db.rename(table: "calls_v3", to: "calls")
        try db.create(index: "calls_on_ended_at", on: "calls", columns: ["ended_at"])
        // The start-up sweep and every heartbeat look for the few open rows among many.
        try db.create(index: "calls_on_state", on: "calls", columns: ["state"])
    }
}
