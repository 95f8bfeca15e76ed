import AttendantStore
import Foundation

/// A secret the session is asking for, and what it is for.
struct SecretRequest {
    enum Purpose {
        case newPassword(user: String, role: ConsoleUser.Role)
    }

    var purpose: Purpose
    /// The first entry, while the second one confirms it.
    var first: String?
}

extension ConsoleCommands {
    static let userHelp = """
        Users and the audit log:
          show users                who may log in, their roles, and who is locked out
          user add NAME ROLE        add a user (admin, supervisor or viewer); asks for the password twice
          user role NAME ROLE       change a user's role
          user password NAME        set a user's password
          user unlock NAME          let a locked-out user try again
          user delete NAME          remove a user
          password                  change your own password
          show audit [N]            the last N changes made from consoles, with who made them
          logout                    end this session
          monitor                   channels, queues and counters, refreshed until a key is pressed
        """

    /// User commands; nil when `words` is none of them.
    func userCommand(_ words: [String]) -> Reply? {
        let second = words.count > 1 ? words[1] : nil
        switch (words[0], second) {
        case ("show", "users"):
            guard let access = services?.access else { return unavailable() }
            guard let users = try? access.users(), !users.isEmpty else { return Reply(text: "no users yet: 'user add NAME admin' makes the first") }
            let now = access.currentDate
            var lines = ["USER            ROLE        SINCE                STATE"]
            for user in users {
                let state = user.lockedUntil.map { $0 > now ? "locked until \(timeFormat.string(from: $0))" : "ok" } ?? "ok"
                lines.append([user.name.padding(16), user.role.rawValue.padding(12),
                              timeFormat.string(from: user.createdAt).padding(21), state].joined())
            }
            return Reply(text: lines.joined(separator: "\n"))
        case ("show", "audit"):
            guard let access = services?.access else { return unavailable() }
            let limit = words.count > 2 ? Int(words[2]) : 20
            guard let limit, limit > 0 else { return Reply(text: "error: show audit takes a positive count") }
            guard let entries = try? access.auditLog(limit: limit), !entries.isEmpty else { return Reply(text: "the audit log is empty") }
            var lines = ["AT                   USER        CONSOLE          ACTION                          OUTCOME"]
            for entry in entries.reversed() {
                lines.append([timeFormat.string(from: entry.at).padding(21), entry.user.padding(12), entry.console.padding(17),
                              entry.action.padding(32), entry.outcome].joined())
            }
            return Reply(text: lines.joined(separator: "\n"))
        case ("user", _):
            guard let access = services?.access else { return unavailable() }
            let form = "user add|role NAME ROLE, or user password|unlock|delete NAME"
            guard words.count >= 3 else { return usage(form) }
            let name = words[2]
            guard Self.isValidUserName(name) else { return Reply(text: "error: a user name is 1-32 letters, digits, '.', '-' or '_'") }
            switch (words[1], words.count) {
            case ("add", 4), ("role", 4):
                guard let role = ConsoleUser.Role(rawValue: words[3]) else { return Reply(text: "error: a role is admin, supervisor or viewer") }
                let existing = try? access.user(named: name)
                if words[1] == "add" {
                    guard existing == nil else { return Reply(text: "error: user \(name) exists ('user password \(name)' sets a new password)") }
                    return askForPassword(of: name, role: role)
                }
                guard var user = existing else { return Reply(text: "error: no user \(name)") }
                user.role = role
                if let failure = guarded({ _ = try access.setRole(user) }) { return failure }
                return Reply(text: "user \(name) is now \(role)")
            case ("password", 3):
                guard let user = try? access.user(named: name) else { return Reply(text: "error: no user \(name)") }
                return askForPassword(of: name, role: user.role)
            case ("unlock", 3):
                return Reply(text: ((try? access.unlock(name)) ?? false) ? "user \(name) may log in again" : "error: no user \(name)")
            case ("delete", 3):
                guard name != who.name else { return Reply(text: "error: you cannot delete yourself") }
                return Reply(text: ((try? access.removeUser(name)) ?? false) ? "user \(name) deleted" : "error: no user \(name)")
            default:
                return usage(form)
            }
        case ("password", _):
            guard let access = services?.access else { return unavailable() }
            guard words.count == 1, let user = try? access.user(named: who.name) else {
                return Reply(text: "error: '\(who.name)' is not a console user: 'user password NAME' sets a user's password")
            }
            return askForPassword(of: user.name, role: user.role)
        default:
            return nil
        }
    }

    /// A line typed after a `.secret` continuation.
    public func receiveSecret(_ secret: String) -> Reply {
        guard var request = secretRequest, let access = services?.access else { return Reply(text: "") }
        guard let first = request.first else {
            guard secret.count >= Self.minimumPasswordLength else {
                secretRequest = nil
                return Reply(text: "error: a password has at least \(Self.minimumPasswordLength) characters; nothing changed")
            }
            request.first = secret
            secretRequest = request
            return Reply(text: "", then: .secret(prompt: "again: "))
        }
        secretRequest = nil
        guard first == secret else { return Reply(text: "error: the two passwords differ; nothing changed") }
        switch request.purpose {
        case .newPassword(let user, let role):
            if let failure = guarded({ try access.setUser(user, role: role, password: secret) }) { return failure }
            access.record(who, action: "password of \(user) set (\(role))", outcome: "ok")
            return Reply(text: "user \(user) (\(role)): password set")
        }
    }

    static let minimumPasswordLength = 8

    private func askForPassword(of user: String, role: ConsoleUser.Role) -> Reply {
        secretRequest = SecretRequest(purpose: .newPassword(user: user, role: role))
        return Reply(text: "", then: .secret(prompt: "password for \(user): "))
    }

    private func guarded(_ body: () throws -> Void) -> Reply? {
        do {
            try body()
            return nil
        } catch {
            return Reply(text: "error: \(error)")
        }
    }

    static func isValidUserName(_ name: String) -> Bool {
        (1...32).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
