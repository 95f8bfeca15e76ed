import AttendantSchedule
import AttendantSyntax

/// Checks menu source and turns it into a `MenuProgram`.
///
/// ```swift
/// let compilation = MenuCompiler.compile(source: text, file: "demo.menu") { name in
///     catalogue.id(of: name).map(PromptLookup.found) ?? .unknown
/// }
/// compilation.diagnostics.forEach { print($0) }   // demo.menu:4:12: error: …
/// ```
public enum MenuCompiler {
    public static let defaultWaitMilliseconds = 5000
    public static let defaultAttempts = 3
    public static let defaultBetweenMilliseconds = 3000
    /// The longest digit string a call variable holds (a caller number, collected input).
    public static let maximumDigits = 24
    /// Call variables a program may have: every channel keeps room for this many.
    public static let maximumVariables = 32
    /// The prompt declared actions play until their feature exists.
    public static let notAvailablePrompt = "not-available"

    /// What the compiler needs from outside: prompts, included files, languages.
    public struct Environment {
        public var resolvePrompt: (String) -> PromptLookup
        /// The text of an included file by path; nil when it cannot be read.
        public var readFile: (String) -> String?
        /// Languages the prompt catalogue has; the first is the default.
        public var languages: [String]
        /// The keys a prompt's recordings tell callers about, when the catalogue says.
        public var promptOffers: (String) -> Set<DTMFKey>?

        public init(languages: [String] = ["en"], readFile: @escaping (String) -> String? = { _ in nil },
                    promptOffers: @escaping (String) -> Set<DTMFKey>? = { _ in nil },
                    resolvePrompt: @escaping (String) -> PromptLookup) {
            self.resolvePrompt = resolvePrompt
            self.readFile = readFile
            self.promptOffers = promptOffers
            self.languages = languages
        }
    }

    public static func compile(source: String, file: String,
                               resolvePrompt: (String) -> PromptLookup) -> MenuCompilation {
        withoutActuallyEscaping(resolvePrompt) { resolvePrompt in
            compile(source: source, file: file, environment: Environment(resolvePrompt: resolvePrompt))
        }
    }

    public static func compile(source: String, file: String, environment: Environment) -> MenuCompilation {
        var sources = [source]
        var diagnostics: [Diagnostic] = []
        var syntax = MenuFileSyntax()
        var visited: Set<String> = [file]
        var fileOrder = [file]
        func parse(_ text: String, _ name: String) {
            var parser = MenuParser(source: text, file: name)
            let parsed = parser.parse()
            diagnostics += parser.diagnostics
            syntax.merge(parsed, diagnostics: &diagnostics)
            for include in parsed.includes {
                let path = include.path.hasPrefix("/") ? include.path : folder(of: name) + include.path
                guard visited.insert(path).inserted else { continue }
                guard let text = environment.readFile(path) else {
                    diagnostics.append(Diagnostic(.error, at: include.location, "cannot read included file '\(include.path)'"))
                    continue
                }
                sources.append(text)
                fileOrder.append(path)
                parse(text, path)
            }
        }
        parse(source, file)
        var checker = Checker(file: file, environment: environment)
        let checked = checker.check(syntax)
        diagnostics += checker.diagnostics
        let order = Dictionary(uniqueKeysWithValues: fileOrder.enumerated().map { ($1, $0) })
        diagnostics.sort {
            (order[$0.location.file] ?? 0, $0.location.line, $0.location.column)
                < (order[$1.location.file] ?? 0, $1.location.line, $1.location.column)
        }
        guard !diagnostics.contains(where: { $0.severity == .error }), let checked else {
            return MenuCompilation(program: nil, diagnostics: diagnostics)
        }
        let program = MenuProgram(
            version: MenuProgram.fingerprint(sources), sourceFile: file, entry: checked.entry, menus: checked.menus,
            languages: checked.languages, variables: checker.variables, lists: checked.lists,
            schedules: checked.schedules, callRules: checked.callRules, promptUses: checker.promptUses,
            firstSay: checker.firstSay, queues: checked.queues, agents: checked.agents, queueSounds: checked.queueSounds,
            mailboxes: checked.mailboxes, voicemailSounds: checked.voicemailSounds)
        return MenuCompilation(program: program, diagnostics: diagnostics)
    }

    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }
}

extension MenuFileSyntax {
    /// Adds an included file's statements.
    mutating func merge(_ other: MenuFileSyntax, diagnostics: inout [Diagnostic]) {
        hasEntryStatement = hasEntryStatement || other.hasEntryStatement
        if let name = other.entry {
            if let first = entry {
                diagnostics.append(Diagnostic(.error, at: name.location,
                                              "a second 'entry' (the first is at \(first.location))"))
            } else {
                entry = name
            }
        }
        if let location = other.languagesLocation {
            if let first = languagesLocation {
                diagnostics.append(Diagnostic(.error, at: location, "a second 'languages' (the first is at \(first))"))
            } else {
                languages = other.languages
                languagesLocation = location
            }
        }
        menus += other.menus
        lists += other.lists
        schedules += other.schedules
        rules += other.rules
        queues += other.queues
        agents += other.agents
        mailboxes += other.mailboxes
    }
}
