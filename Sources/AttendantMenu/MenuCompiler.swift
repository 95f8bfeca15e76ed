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

    public static func compile(source: String, file: String,
                               resolvePrompt: (String) -> PromptLookup) -> MenuCompilation {
        var parser = MenuParser(source: source, file: file)
        let syntax = parser.parse()
        return withoutActuallyEscaping(resolvePrompt) { resolvePrompt in
            var checker = Checker(file: file, resolvePrompt: resolvePrompt)
            let menus = checker.check(syntax)
            return finish(source: source, file: file, parser: parser, checker: checker, menus: menus)
        }
    }

    private static func finish(source: String, file: String, parser: MenuParser, checker: Checker,
                               menus: [Menu]?) -> MenuCompilation {
        let diagnostics = (parser.diagnostics + checker.diagnostics).sorted {
            ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
        }
        guard !diagnostics.contains(where: { $0.severity == .error }), let menus, let entry = checker.entry else {
            return MenuCompilation(program: nil, diagnostics: diagnostics)
        }
        let program = MenuProgram(version: MenuProgram.fingerprint(source), sourceFile: file,
                                  entry: entry, menus: menus)
        return MenuCompilation(program: program, diagnostics: diagnostics)
    }
}

/// Resolves names and checks what the grammar cannot.
struct Checker {
    let file: String
    let resolvePrompt: (String) -> PromptLookup
    var diagnostics: [Diagnostic] = []
    var entry: MenuID?
    private var promptCache: [String: PromptLookup] = [:]
    private var menuIndex: [String: MenuID] = [:]

    init(file: String, resolvePrompt: @escaping (String) -> PromptLookup) {
        self.file = file
        self.resolvePrompt = resolvePrompt
    }

    mutating func check(_ syntax: MenuFileSyntax) -> [Menu]? {
        var unique: [MenuSyntax] = []
        for menu in syntax.menus {
            if let first = menuIndex[menu.name.text] {
                let at = unique[first].name.location
                error(at: menu.name.location, "duplicate menu '\(menu.name.text)' (first defined at \(at.line):\(at.column))")
                continue
            }
            menuIndex[menu.name.text] = unique.count
            unique.append(menu)
        }
        if let name = syntax.entry {
            entry = menuIndex[name.text]
            if entry == nil { error(at: name.location, "unknown menu '\(name.text)'") }
        } else {
            error(at: SourceLocation(file: file, line: 1, column: 1), "no entry menu: add 'entry NAME'")
        }
        let menus = unique.map { check($0) }
        if let entry { warnUnreachable(unique, menus: menus, entry: entry) }
        return menus
    }

    private mutating func check(_ syntax: MenuSyntax) -> Menu {
        var keyActions = [MenuAction?](repeating: nil, count: 16)
        var firstUse: [DTMFKey: SourceLocation] = [:]
        for (key, location, action) in syntax.keys {
            if let first = firstUse[key] {
                error(at: location, "duplicate key '\(key.character)' in menu '\(syntax.name.text)' "
                      + "(first used at \(first.line):\(first.column))")
                continue
            }
            firstUse[key] = location
            keyActions[Int(key.rawValue)] = resolve(action)
        }
        return Menu(
            name: syntax.name.text, location: syntax.name.location,
            prompts: prompts(syntax.prompts),
            inputTimeoutMilliseconds: syntax.waitMilliseconds ?? MenuCompiler.defaultWaitMilliseconds,
            maxAttempts: syntax.attempts ?? MenuCompiler.defaultAttempts,
            keyActions: keyActions,
            onInvalid: syntax.onInvalid.map { resolve($0) } ?? MenuAction(transfer: .repeatMenu),
            onTimeout: syntax.onTimeout.map { resolve($0) } ?? MenuAction(transfer: .repeatMenu),
            onFailure: syntax.onFailure.map { resolve($0) } ?? MenuAction(transfer: .hangup))
    }

    private mutating func resolve(_ action: ActionSyntax) -> MenuAction {
        let transfer: MenuTransfer
        switch action.transfer {
        case .goto(let name):
            if let target = menuIndex[name.text] {
                transfer = .goto(target)
            } else {
                error(at: name.location, "unknown menu '\(name.text)'")
                transfer = .hangup
            }
        case .hangup: transfer = .hangup
        case .back: transfer = .back
        case .repeatMenu, nil: transfer = .repeatMenu
        }
        return MenuAction(prompts: prompts(action.prompts), transfer: transfer)
    }

    private mutating func prompts(_ names: [Name]) -> [PromptID] {
        names.compactMap { name in
            let lookup: PromptLookup
            if let cached = promptCache[name.text] {
                lookup = cached
            } else {
                lookup = resolvePrompt(name.text)
                promptCache[name.text] = lookup
            }
            switch lookup {
            case .found(let id):
                return id
            case .unknown:
                error(at: name.location, "unknown prompt '\(name.text)'")
            case .unusable(let reason):
                error(at: name.location, "prompt '\(name.text)' cannot be used: \(reason)")
            }
            return nil
        }
    }

    private mutating func warnUnreachable(_ syntax: [MenuSyntax], menus: [Menu], entry: MenuID) {
        var reached: Set<MenuID> = [entry]
        var pending = [entry]
        while let menu = pending.popLast() {
            let actions = menus[menu].keyActions.compactMap { $0 }
                + [menus[menu].onInvalid, menus[menu].onTimeout, menus[menu].onFailure]
            for case .goto(let target) in actions.map(\.transfer) where reached.insert(target).inserted {
                pending.append(target)
            }
        }
        let entryName = menus[entry].name
        for (index, menu) in syntax.enumerated() where !reached.contains(index) {
            diagnostics.append(Diagnostic(.warning, at: menu.name.location,
                                          "menu '\(menu.name.text)' is never reached from entry '\(entryName)'"))
        }
    }

    private mutating func error(at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location, message))
    }
}
