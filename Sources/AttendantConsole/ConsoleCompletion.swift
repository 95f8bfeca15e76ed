/// Tab completion and `?` help for a console line: command words from the commands'
/// phrases, then the names the running appliance knows (agents, ports).
struct ConsoleCompletion {
    /// Every command as its fixed words; an argument slot follows where the help shows one.
    static let phrases = [
        "help", "show channels", "show calls", "show stats", "show queues", "show agents",
        "agent login", "agent logout", "agent unpause", "agent pause", "agent listen", "agent whisper", "agent barge",
        "sim call", "sim press", "sim hangup", "bridge", "unbridge", "reload", "schedule", "quit",
        "show recordings", "record", "recording delete", "recording export", "recording flag", "recording unflag",
        "configure", "show candidate", "show config", "show diff", "show versions", "line", "insert", "delete", "paste",
        "validate", "commit confirmed", "commit comment", "confirm", "discard", "rollback",
        "show users", "show audit", "user add", "user role", "user password", "user unlock", "user delete",
        "password", "logout", "monitor", "upload prompt", "show prompts", "backup", "show backups",
        "download backup", "download recording", "restore", "recording play",
        "show voicemail", "voicemail pin", "voicemail delete", "voicemail export", "voicemail play",
        "show time", "set time",
        "show board", "reboot",
    ]

    let agents: [String]
    let ports: [String]
    var users: [String] = []

    /// The words that may come next after `typed` (the line up to the cursor), and the
    /// part of the last word already typed.
    func candidates(for typed: String) -> (prefix: String, words: [String]) {
        var words = typed.split(separator: " ").map(String.init)
        let prefix = typed.hasSuffix(" ") || typed.isEmpty ? "" : (words.popLast() ?? "")
        var next: Set<String> = []
        for phrase in Self.phrases {
            let parts = phrase.split(separator: " ").map(String.init)
            if parts.count > words.count, Array(parts.prefix(words.count)) == words { next.insert(parts[words.count]) }
        }
        if next.isEmpty, let first = words.first {
            if first == "agent", words.count == 2 { next.formUnion(agents) }
            if ["sim", "bridge", "unbridge", "record"].contains(first), words.count >= (first == "sim" ? 2 : 1) { next.formUnion(ports) }
            if first == "user", words.count == 2 { next.formUnion(users) }
            if first == "user", words.count == 3, ["add", "role"].contains(words[1]) { next.formUnion(["admin", "supervisor", "viewer"]) }
        }
        return (prefix, next.filter { $0.hasPrefix(prefix) }.sorted())
    }

    /// What Tab does to `typed`: the completed text, or the choices to show when several fit.
    func complete(_ typed: String) -> (text: String, choices: [String]) {
        let (prefix, words) = candidates(for: typed)
        guard !words.isEmpty else { return (typed, []) }
        let base = String(typed.dropLast(prefix.count))
        if words.count == 1 { return (base + words[0] + " ", []) }
        var common = words[0]
        for word in words.dropFirst() {
            while !word.hasPrefix(common) { common.removeLast() }
        }
        return common.count > prefix.count ? (base + common, []) : (typed, words)
    }

    /// The help lines for commands that start with what was typed (all of them for nothing).
    static func help(for typed: String, in help: String) -> String {
        let words = typed.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return help }
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var matching: [String] = []
        var keep = false
        for line in lines.dropFirst() {
            let trimmed = line.drop { $0 == " " }
            let isCommand = line.hasPrefix("  ") && !line.hasPrefix("                ")
            if isCommand {
                let commandWords = trimmed.split(separator: " ").map(String.init)
                keep = zip(words, commandWords).allSatisfy { typedWord, word in
                    word.hasPrefix(typedWord) || word.split(separator: "|").contains { $0.hasPrefix(typedWord) }
                        || word == word.uppercased()
                } && commandWords.count >= words.count
            }
            if keep { matching.append(line) }
        }
        return matching.isEmpty ? "no command starts with '\(typed)': type '?' alone for all of them" : matching.joined(separator: "\n")
    }
}
