import AttendantSyntax

/// Reads menu source into `MenuFileSyntax`. A broken statement is reported and
/// skipped, so that one run reports every independent mistake.
struct MenuParser {
    private var stream: TokenStream
    private(set) var diagnostics: [Diagnostic] = []

    init(source: String, file: String) {
        var lexer = Lexer(source: source, file: file)
        let (tokens, lexical) = lexer.tokenize()
        stream = TokenStream(tokens: tokens, file: file)
        diagnostics = lexical
    }

    mutating func parse() -> MenuFileSyntax {
        var file = MenuFileSyntax()
        while true {
            stream.skipNewlines()
            if stream.atEnd { break }
            do {
                try parseTopLevel(into: &file)
            } catch {
                diagnostics.append(error)
                stream.recover()
                if stream.current.isSymbol("}") { stream.advance() }
            }
        }
        return file
    }

    private mutating func parseTopLevel(into file: inout MenuFileSyntax) throws(Diagnostic) {
        let keyword = stream.current
        switch keyword.word {
        case "entry":
            stream.advance()
            let name = try stream.expectWord("the entry menu's name")
            if let first = file.entry {
                throw stream.error("a second 'entry' (the first is at \(first.location.line):\(first.location.column))",
                                   at: keyword)
            }
            file.entry = name
            try stream.expectEndOfStatement()
        case "menu":
            stream.advance()
            file.menus.append(try parseMenu())
        default:
            throw stream.error("expected 'entry' or 'menu', found \(keyword.quoted)")
        }
    }

    private mutating func parseMenu() throws(Diagnostic) -> MenuSyntax {
        let name = try stream.expectWord("a menu name")
        try stream.expectSymbol("{", "after the menu name '\(name.text)'")
        var menu = MenuSyntax(name: name)
        while true {
            stream.skipNewlines()
            if stream.current.isSymbol("}") {
                stream.advance()
                return menu
            }
            if stream.atEnd {
                // Keep the menu: its name is defined, only its end is missing.
                diagnostics.append(Diagnostic(.error, at: name.location, "menu '\(name.text)' has no closing '}'"))
                return menu
            }
            do {
                try parseMenuStatement(into: &menu)
            } catch {
                diagnostics.append(error)
                stream.recover()
            }
        }
    }

    private mutating func parseMenuStatement(into menu: inout MenuSyntax) throws(Diagnostic) {
        let keyword = stream.current
        switch keyword.word {
        case "play":
            stream.advance()
            menu.prompts = try parsePromptList()
        case "wait":
            stream.advance()
            menu.waitMilliseconds = try parseDuration()
        case "attempts":
            stream.advance()
            let token = stream.current
            guard let text = token.word, let count = Int(text) else {
                throw stream.error("expected a number of attempts, found \(token.quoted)")
            }
            guard (1...99).contains(count) else { throw stream.error("attempts must be from 1 to 99, not \(count)") }
            stream.advance()
            menu.attempts = count
        case "on":
            stream.advance()
            try parseHandler(into: &menu)
            return
        default:
            throw stream.error("expected 'play', 'wait', 'attempts' or 'on' in menu '\(menu.name.text)', found \(keyword.quoted)")
        }
        try stream.expectEndOfStatement()
    }

    private mutating func parseHandler(into menu: inout MenuSyntax) throws(Diagnostic) {
        let trigger = stream.current
        let location = stream.location
        let label: String
        var key: DTMFKey?
        switch trigger.kind {
        case .symbol(let symbol) where symbol == "*" || symbol == "#":
            key = DTMFKey(character: symbol)
            label = "key '\(symbol)'"
        case .word(let text) where ["invalid", "timeout", "failure"].contains(text):
            label = "'on \(text)'"
        case .word(let text) where text.count == 1 && DTMFKey(character: Character(text)) != nil && !text.first!.isLowercase:
            key = DTMFKey(character: Character(text))
            label = "key '\(text)'"
        default:
            throw stream.error("expected a key (0-9, *, #, A-D), 'invalid', 'timeout' or 'failure' after 'on', found \(trigger.quoted)")
        }
        stream.advance()
        try stream.expectSymbol(":", "after \(label)")
        let action = try parseAction()
        try stream.expectEndOfStatement()
        if let key {
            menu.keys.append((key, location, action))
        } else {
            switch trigger.word {
            case "invalid": menu.onInvalid = action
            case "timeout": menu.onTimeout = action
            default: menu.onFailure = action
            }
        }
    }

    /// `play a, b; goto m` — plays first, then at most one transfer, which ends the action.
    private mutating func parseAction() throws(Diagnostic) -> ActionSyntax {
        var action = ActionSyntax()
        while true {
            let step = stream.current
            if action.transfer != nil {
                throw stream.error("nothing may follow a transfer ('goto', 'hangup', 'repeat', 'back')", at: step)
            }
            switch step.word {
            case "play":
                stream.advance()
                action.prompts += try parsePromptList()
            case "goto":
                stream.advance()
                action.transfer = .goto(try stream.expectWord("a menu name after 'goto'"))
            case "hangup":
                stream.advance()
                action.transfer = .hangup
            case "repeat":
                stream.advance()
                action.transfer = .repeatMenu
            case "back":
                stream.advance()
                action.transfer = .back
            default:
                throw stream.error("expected 'play', 'goto', 'hangup', 'repeat' or 'back', found \(step.quoted)")
            }
            guard stream.current.isSymbol(";") else { return action }
            stream.advance()
        }
    }

    private mutating func parsePromptList() throws(Diagnostic) -> [Name] {
        var names = [try stream.expectWord("a prompt name")]
        while stream.current.isSymbol(",") {
            stream.advance()
            names.append(try stream.expectWord("a prompt name after ','"))
        }
        return names
    }

    /// `5s`, `1.5s`, `500ms`: milliseconds, 100 ms to 10 minutes.
    private mutating func parseDuration() throws(Diagnostic) -> Int {
        try stream.expectDuration(in: 100...600_000)
    }
}
