import AttendantRuntime
import AttendantStore
import Foundation

/// Every committed configuration, kept in the database with who and when, and the one
/// commit that may be awaiting confirmation. Shared by every console session: a commit
/// on one is news on the others.
///
/// `commit confirmed MINUTES` puts a version live that goes back by itself unless
/// someone types `confirm` in time (a change that cuts the administrator off the
/// board undoes itself); a restart while it waits goes back too.
public final class ConfigurationHistory: @unchecked Sendable {
    public enum Outcome: Sendable, Equatable {
        case done(String)
        case refused(String)
    }

    private let appliance: LiveAppliance
    private let database: AttendantDatabase
    private let now: @Sendable () -> Date
    private let announce: @Sendable (String) -> Void
    private let lock = NSLock()
    /// The version awaiting confirmation, and when it goes back.
    private var pending: (version: Int64, deadline: Date)?

    public init(appliance: LiveAppliance, database: AttendantDatabase, now: @escaping @Sendable () -> Date = { Date() },
                announce: @escaping @Sendable (String) -> Void) throws {
        self.appliance = appliance
        self.database = database
        self.now = now
        self.announce = announce
        try lock.withLock {
            // A commit left unconfirmed by a run that stopped goes back now.
            if let newest = try database.configurationVersions(limit: 1).first, newest.state == .awaitingConfirmation {
                pending = (newest.id!, now())
            }
        }
    }

    /// The running configuration's text.
    public func runningSource() throws -> String {
        guard let store = appliance.configuration else { throw Unavailable() }
        return try store.read()
    }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "this appliance was started without a configuration file" }
    }

    /// The newest version's number: what a candidate started from.
    public func currentVersion() -> Int64? {
        lock.withLock { (try? baseline())?.id }
    }

    public func versions(limit: Int) throws -> [ConfigurationVersion] {
        try database.configurationVersions(limit: limit)
    }

    public func version(_ id: Int64) throws -> ConfigurationVersion? { try database.configurationVersion(id) }

    /// Compiles, writes and installs `source`. `confirmMinutes`: it goes back by itself
    /// unless confirmed within that time. `base`: the version the candidate was made
    /// from; a commit over someone else's newer one is refused.
    public func commit(_ source: String, base: Int64?, by who: ConsoleOperator, comment: String,
                       confirmMinutes: Double? = nil) -> Outcome {
        lock.withLock {
            let current: ConfigurationVersion
            do { current = try baseline() } catch { return .refused("\(error)") }
            if let base, base != current.id {
                return .refused("version \(current.id!) was committed by \(current.committedBy) since your candidate began "
                                + "(from version \(base)): 'show diff' shows what yours changes against it; 'discard' starts again")
            }
            // A new commit confirms one still waiting.
            confirmPending(by: who)
            switch appliance.apply(configuration: source) {
            case .refused(let errors):
                return .refused("commit refused; the running configuration stays:\n\(errors)")
            case .applied(let version, let report):
                var row = ConfigurationVersion(committedAt: now(), committedBy: who.name, comment: comment, source: source,
                                               programVersion: version, state: confirmMinutes == nil ? .committed : .awaitingConfirmation)
                do { row = try database.append(row) } catch { return .refused("committed, but not recorded: \(error)") }
                var text = "\(report)\ncommitted: configuration version \(row.id!)"
                if let confirmMinutes {
                    let deadline = now().addingTimeInterval(confirmMinutes * 60)
                    pending = (row.id!, deadline)
                    text += "; type 'confirm' within \(Self.minutes(confirmMinutes)) or it goes back to version \(current.id!)"
                }
                announce("configuration version \(row.id!) committed by \(who.name) on \(who.console)"
                         + (comment.isEmpty ? "" : ": \(comment)"))
                return .done(text)
            }
        }
    }

    public func confirm(by who: ConsoleOperator) -> Outcome {
        lock.withLock {
            guard let pending else { return .refused("no commit is awaiting confirmation") }
            confirmPending(by: who)
            return .done("configuration version \(pending.version) confirmed")
        }
    }

    /// Puts version `id` live again, as a new version.
    public func rollBack(to id: Int64, by who: ConsoleOperator) -> Outcome {
        lock.withLock {
            guard let target = try? database.configurationVersion(id) else { return .refused("no configuration version \(id)") }
            confirmPending(by: who)
            return restore(target, by: who.name, comment: "rollback to version \(id)")
        }
    }

    /// Takes back a commit whose confirmation did not come by now. Called every second
    /// by the appliance's timer, and by tests with a virtual clock.
    public func expireUnconfirmed() {
        lock.withLock {
            guard let pending, now() >= pending.deadline else { return }
            self.pending = nil
            guard var waiting = try? database.configurationVersion(pending.version),
                  let previous = try? database.configurationVersions(limit: 1000).first(where: { $0.id! < pending.version && $0.state != .rolledBack })
            else { return }
            waiting.state = .rolledBack
            try? database.update(waiting)
            let outcome = restore(previous, by: "system", comment: "version \(pending.version) not confirmed in time: back to version \(previous.id!)")
            if case .refused(let why) = outcome { announce("configuration version \(pending.version) was not confirmed, and going back failed: \(why)") }
        }
    }

    /// Records the running text as a new version (after a restore replaced the history
    /// with the backup's).
    public func recordRunning(by who: ConsoleOperator, comment: String) {
        lock.withLock {
            pending = nil
            guard let running = try? runningSource() else { return }
            _ = try? database.append(ConfigurationVersion(committedAt: now(), committedBy: who.name, comment: comment,
                                                          source: running, programVersion: programVersion(of: running),
                                                          state: .committed))
        }
    }

    /// When the pending commit goes back, if one is waiting.
    public var confirmationDeadline: Date? { lock.withLock { pending?.deadline } }

    private func restore(_ target: ConfigurationVersion, by name: String, comment: String) -> Outcome {
        switch appliance.apply(configuration: target.source) {
        case .refused(let errors):
            // The prompts or included files changed since: that version no longer compiles.
            return .refused("version \(target.id!) no longer compiles; the running configuration stays:\n\(errors)")
        case .applied(let version, let report):
            let row = try? database.append(ConfigurationVersion(committedAt: now(), committedBy: name, comment: comment,
                                                                source: target.source, programVersion: version, state: .committed))
            let number = row?.id.map { "version \($0)" } ?? "a version not recorded"
            announce("configuration \(number) committed by \(name): \(comment)")
            return .done("\(report)\ncommitted: configuration \(number) (\(comment))")
        }
    }

    private func confirmPending(by who: ConsoleOperator) {
        guard let pending else { return }
        self.pending = nil
        if var row = try? database.configurationVersion(pending.version) {
            row.state = .confirmed
            try? database.update(row)
        }
        announce("configuration version \(pending.version) confirmed by \(who.name)")
    }

    /// The newest version, recording the running text as one first when the history is
    /// empty or the file was changed behind it (edited on flash, then `reload`).
    private func baseline() throws -> ConfigurationVersion {
        let running = try runningSource()
        if let newest = try database.configurationVersions(limit: 1).first, newest.source == running { return newest }
        return try database.append(ConfigurationVersion(committedAt: now(), committedBy: "system", comment: "found running",
                                                        source: running, programVersion: programVersion(of: running),
                                                        state: .committed))
    }

    /// The compiled program's version of a text, or "-" when it does not compile.
    private func programVersion(of source: String) -> String {
        if case .applied(let version, _) = appliance.check(configuration: source) { return version }
        return "-"
    }

    private static func minutes(_ value: Double) -> String {
        value == 1 ? "1 minute" : "\(value.formatted()) minutes"
    }
}
