import AttendantRuntime
import AttendantStore
import Foundation

/// What console sessions of one appliance share besides the appliance: who may log in
/// (and the audit log), and the configuration's history.
public final class ConsoleServices: Sendable {
    public let access: ConsoleAccess
    public let history: ConfigurationHistory
    /// Where prompts sent over the line go; nil: no uploads.
    public let uploads: PromptUpload?
    /// Where backups are made and restored from; nil: no backups.
    public let backups: ConsoleBackup?
    let database: AttendantDatabase?

    public init(access: ConsoleAccess, history: ConfigurationHistory, uploads: PromptUpload? = nil,
                backups: ConsoleBackup? = nil, database: AttendantDatabase? = nil) {
        self.access = access
        self.history = history
        self.uploads = uploads
        self.backups = backups
        self.database = database
    }

    /// The services of a running appliance, with its database; commits are news on every console.
    public convenience init(appliance: LiveAppliance, database: AttendantDatabase, policy: ConsoleAccess.Policy = .init(),
                            uploads: PromptUpload? = nil, backups: ConsoleBackup? = nil,
                            now: @escaping @Sendable () -> Date = { Date() }) throws {
        let history = try ConfigurationHistory(appliance: appliance, database: database, now: now,
                                               announce: { [weak appliance] in appliance?.broadcast($0) })
        self.init(access: ConsoleAccess(database: database, policy: policy, now: now), history: history, uploads: uploads,
                  backups: backups, database: database)
    }
}

extension ConsoleUser.Role {
    /// The least role a command needs: viewers look, supervisors run the floor,
    /// admins change the configuration, the users and the appliance.
    static func required(for words: [String]) -> ConsoleUser.Role {
        switch (words.first ?? "", words.count > 1 ? words[1] : "") {
        case ("help", _), ("?", _), ("show", _), ("monitor", _), ("logout", _), ("exit", _), ("quit", _),
             ("configure", _), ("validate", _), ("discard", _), ("end", _),
             ("line", _), ("insert", _), ("delete", _), ("paste", _), ("password", _):
            .viewer
        case ("agent", _), ("record", _), ("recording", _), ("schedule", _), ("sim", _), ("bridge", _), ("unbridge", _),
             ("download", "recording"):
            .supervisor
        default:
            .admin
        }
    }
}
