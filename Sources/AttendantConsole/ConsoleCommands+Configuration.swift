import AttendantRuntime
import AttendantStore
import Foundation

/// A copy of the configuration one session edits until it commits or discards it.
struct Candidate {
    /// The version it was made from: a commit over a newer one is refused.
    var base: Int64?
    var lines: [String]

    var source: String { lines.joined(separator: "\n") + "\n" }

    init(base: Int64?, source: String) {
        self.base = base
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
    }
}

extension ConsoleCommands {
    static let configurationHelp = """
        Configuration (a candidate copy; nothing changes until 'commit'):
          configure                 start editing a candidate of the running configuration
          show candidate            the candidate, with line numbers
          show config               the running configuration
          line N TEXT               replace line N
          insert N TEXT             insert TEXT before line N (one past the end appends)
          delete N [M]              delete line N (to line M)
          paste                     replace the candidate with pasted text; end with a line holding only '.'
          show diff                 what the candidate changes against the running configuration
          validate                  compile the candidate: every error with file:line:column
          commit [confirmed MINUTES] [comment TEXT]
                                    put the candidate live (confirmed: it goes back unless 'confirm' comes in time)
          confirm                   keep a 'commit confirmed'
          discard                   drop the candidate
          show versions [N]         the last N committed versions: who, when, comment
          rollback N                put version N live again (as a new version)
        """

    /// Configuration commands; nil when `words` is none of them.
    func configurationCommand(_ words: [String], line: String) -> Reply? {
        let second = words.count > 1 ? words[1] : nil
        switch (words[0], second) {
        case ("configure", _):
            guard let history = services?.history else { return unavailable() }
            if let candidate { return Reply(text: "already editing a candidate of version \(candidate.base.map(String.init) ?? "-") (\(candidate.lines.count) lines)") }
            do {
                let base = history.currentVersion()
                let made = Candidate(base: base, source: try history.runningSource())
                candidate = made
                return Reply(text: "editing a candidate of version \(base.map(String.init) ?? "-") (\(made.lines.count) lines); "
                             + "'show candidate', 'line', 'insert', 'delete', 'paste', 'show diff', 'validate', 'commit', 'discard'")
            } catch {
                return Reply(text: "error: \(error)")
            }
        case ("show", "candidate"):
            guard let candidate else { return noCandidate() }
            return Reply(text: Self.numbered(candidate.lines))
        case ("show", "config"):
            guard let history = services?.history else { return unavailable() }
            do { return Reply(text: Self.numbered(Candidate(base: nil, source: try history.runningSource()).lines)) } catch {
                return Reply(text: "error: \(error)")
            }
        case ("show", "diff"):
            guard let candidate, let history = services?.history else { return noCandidate() }
            do {
                let running = Candidate(base: nil, source: try history.runningSource()).lines
                return Reply(text: LineDiff.describe(from: running, to: candidate.lines))
            } catch {
                return Reply(text: "error: \(error)")
            }
        case ("show", "versions"):
            guard let history = services?.history else { return unavailable() }
            let limit = words.count > 2 ? Int(words[2]) : 10
            guard let limit, limit > 0 else { return Reply(text: "error: show versions takes a positive count") }
            return Reply(text: versions(history, limit: limit))
        case ("line", _), ("insert", _):
            guard candidate != nil else { return noCandidate() }
            guard words.count >= 2, let number = Int(words[1]) else { return usage("\(words[0]) N TEXT") }
            // The text as typed after "line N ": its indentation is part of it.
            let text = Self.rest(of: line, after: 2, keepingIndentation: true)
            let limit = candidate!.lines.count + (words[0] == "insert" ? 1 : 0)
            guard (1...max(1, limit)).contains(number) else { return Reply(text: "error: the candidate has lines 1-\(candidate!.lines.count)") }
            if words[0] == "line" && number <= candidate!.lines.count {
                candidate!.lines[number - 1] = text
            } else {
                candidate!.lines.insert(text, at: number - 1)
            }
            return Reply(text: String(format: "%4d  %@", number, text))
        case ("delete", _):
            guard candidate != nil else { return noCandidate() }
            guard (2...3).contains(words.count), let from = Int(words[1]), let to = words.count == 3 ? Int(words[2]) : from,
                  from >= 1, from <= to, to <= candidate!.lines.count else {
                return Reply(text: "error: usage: delete N [M] (the candidate has lines 1-\(candidate!.lines.count))")
            }
            candidate!.lines.removeSubrange((from - 1)..<to)
            return Reply(text: "deleted line\(from == to ? " \(from)" : "s \(from)-\(to)"); \(candidate!.lines.count) lines")
        case ("paste", _):
            guard candidate != nil else { return noCandidate() }
            return Reply(text: "paste the configuration; end with a line holding only '.'", then: .paste)
        case ("validate", _):
            guard let candidate else { return noCandidate() }
            switch backendConfiguration?.check(configuration: candidate.source) {
            case .applied(_, let report): return Reply(text: report)
            case .refused(let errors): return Reply(text: "error: the candidate does not compile:\n\(errors)")
            case nil: return unavailable()
            }
        case ("commit", _):
            guard let candidate, let history = services?.history else { return noCandidate() }
            var rest = Array(words.dropFirst())
            var minutes: Double?
            if rest.first == "confirmed" {
                guard rest.count >= 2, let value = Double(rest[1]), value > 0, value <= 1440 else {
                    return usage("commit [confirmed MINUTES] [comment TEXT]")
                }
                minutes = value
                rest.removeFirst(2)
            }
            var comment = ""
            if rest.first == "comment" {
                comment = Self.rest(of: line, after: words.count - rest.count + 1)
            } else if !rest.isEmpty {
                return usage("commit [confirmed MINUTES] [comment TEXT]")
            }
            switch history.commit(candidate.source, base: candidate.base, by: who, comment: comment, confirmMinutes: minutes) {
            case .done(let text):
                self.candidate = nil
                return Reply(text: text)
            case .refused(let text):
                return Reply(text: "error: \(text)")
            }
        case ("confirm", _):
            guard let history = services?.history else { return unavailable() }
            return outcome(history.confirm(by: who))
        case ("rollback", _):
            guard let history = services?.history else { return unavailable() }
            guard words.count == 2, let id = Int64(words[1]) else { return usage("rollback N") }
            return outcome(history.rollBack(to: id, by: who))
        case ("discard", _), ("end", _):
            guard candidate != nil else { return noCandidate() }
            candidate = nil
            return Reply(text: words[0] == "end" ? "left the candidate (discarded)" : "candidate discarded")
        default:
            return nil
        }
    }

    /// Lines pasted after `paste`: the new candidate.
    public func receivePaste(_ lines: [String]) -> Reply {
        guard candidate != nil else { return noCandidate() }
        candidate!.lines = lines
        return Reply(text: "candidate: \(lines.count) lines pasted; 'show diff' or 'validate'")
    }

    private var backendConfiguration: ConfigurationChecking? { backendForCommands as? ConfigurationChecking }

    private func versions(_ history: ConfigurationHistory, limit: Int) -> String {
        guard let rows = try? history.versions(limit: limit), !rows.isEmpty else { return "no versions yet: 'configure' then 'commit' makes the first" }
        var lines = ["VERSION  COMMITTED            BY          STATE                  PROGRAM           COMMENT"]
        for row in rows {
            lines.append([
                String(row.id ?? 0).padding(9), timeFormat.string(from: row.committedAt).padding(21),
                row.committedBy.padding(12), row.state.rawValue.padding(23), row.programVersion.padding(18), row.comment,
            ].joined())
        }
        return lines.joined(separator: "\n")
    }

    private func outcome(_ outcome: ConfigurationHistory.Outcome) -> Reply {
        switch outcome {
        case .done(let text): Reply(text: text)
        case .refused(let text): Reply(text: "error: \(text)")
        }
    }

    private func noCandidate() -> Reply {
        services == nil ? unavailable() : Reply(text: "error: no candidate: type 'configure' first")
    }

    func unavailable() -> Reply {
        Reply(text: "error: this console has no configuration history or users (started without a database)")
    }

    /// The raw text after the first `count` words, spaces inside it kept.
    static func rest(of line: String, after count: Int, keepingIndentation: Bool = false) -> String {
        var remaining = Substring(line)
        for _ in 0..<count {
            remaining = remaining.drop(while: \.isWhitespace)
            remaining = remaining.drop(while: { !$0.isWhitespace })
        }
        return String(keepingIndentation ? remaining.dropFirst() : remaining.drop(while: \.isWhitespace))
    }

    static func numbered(_ lines: [String]) -> String {
        lines.enumerated().map { String(format: "%4d  ", $0.offset + 1) + $0.element }.joined(separator: "\n")
    }
}

/// What `validate` asks of the appliance (the live one compiles with the prompt catalogue).
protocol ConfigurationChecking {
    func check(configuration source: String) -> LiveAppliance.ConfigurationOutcome
}

extension LiveAppliance: ConfigurationChecking {}

/// Lines removed and added between two texts, with their line numbers.
enum LineDiff {
    static func describe(from old: [String], to new: [String]) -> String {
        let difference = new.difference(from: old)
        guard !difference.isEmpty else { return "no changes" }
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var lines: [String] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count && removed.contains(i) {
                lines.append(String(format: "-%4d  ", i + 1) + old[i])
                i += 1
            } else if j < new.count && inserted.contains(j) {
                lines.append(String(format: "+%4d  ", j + 1) + new[j])
                j += 1
            } else {
                i += 1
                j += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}
