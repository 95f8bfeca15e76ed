import AttendantSchedule
import AttendantSyntax

/// Reads menu source into `MenuFileSyntax`. A broken statement is reported and
/// skipped, so that one run reports every independent mistake.
struct MenuParser: BlockParsing {
    var stream: TokenStream
    var diagnostics: [Diagnostic] = []

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
            file.hasEntryStatement = true
            let name = try stream.expectWord("the entry menu's name")
            if let first = file.entry {
                throw Diagnostic(.error, at: name.location,
                                 "a second 'entry' (the first is at \(first.location.line):\(first.location.column))")
            }
            file.entry = name
            try stream.expectEndOfStatement()
        case "menu":
            stream.advance()
            file.menus.append(try parseMenu())
        case "include":
            stream.advance()
            let location = stream.location
            file.includes.append((try stream.expectString("the file to include"), location))
            try stream.expectEndOfStatement()
        case "languages":
            let location = stream.location
            stream.advance()
            if let first = file.languagesLocation {
                throw stream.error("a second 'languages' (the first is at \(first.line):\(first.column))", at: keyword)
            }
            var codes = [try stream.expectWord("a language code such as en")]
            while stream.current.isSymbol(",") {
                stream.advance()
                codes.append(try stream.expectWord("a language code after ','"))
            }
            file.languages = codes
            file.languagesLocation = location
            try stream.expectEndOfStatement()
        case "list":
            stream.advance()
            file.lists.append(try parseList())
        case "schedule":
            stream.advance()
            let name = try stream.expectWord("a schedule name")
            var parsed = ScheduleParser.parseBody(&stream, name: name)
            diagnostics += parsed.diagnostics
            parsed.diagnostics = []
            file.schedules.append(parsed.syntax)
        case "when":
            file.rules.append(try parseRule(allowIgnore: true))
            return
        case "queue":
            stream.advance()
            file.queues.append(try parseQueue())
        case "agent":
            stream.advance()
            file.agents.append(try parseAgent())
        case "mailbox":
            stream.advance()
            file.mailboxes.append(try parseMailbox())
        default:
            throw stream.error("expected 'entry', 'menu', 'queue', 'agent', 'mailbox', 'when', 'list', 'schedule', 'languages' or 'include', found \(keyword.quoted)")
        }
    }

    /// `list vip { 5551234 / starts-with 7495 / matches "8800XXXXXXX" }`, one entry a line.
    private mutating func parseList() throws(Diagnostic) -> ListSyntax {
        let name = try stream.expectWord("a list name")
        var list = ListSyntax(name: name)
        parseBlock(of: "list", named: name, into: &list) { parser, list throws(Diagnostic) in
            let test: NumberTestSyntax
            switch parser.stream.current.word {
            case "starts-with", "matches": test = try parser.parseNumberTest(subject: "a list entry")
            default:
                let number = try parser.stream.expectWord("a number, 'starts-with' or 'matches'")
                test = .equals(number, qualifier: nil)
            }
            list.entries.append(test)
            try parser.stream.expectEndOfStatement()
        }
        return list
    }

    /// `when CONDITION: ACTION`, the stream on `when`.
    mutating func parseRule(allowIgnore: Bool) throws(Diagnostic) -> RuleSyntax {
        let location = stream.location
        stream.advance()
        let condition = try parseCondition()
        try stream.expectSymbol(":", "after the condition")
        let action = try parseAction(allowIgnore: allowIgnore)
        try stream.expectEndOfStatement()
        return RuleSyntax(condition: condition, action: action, location: location)
    }

    mutating func parseCondition() throws(Diagnostic) -> ConditionSyntax {
        var negated = false
        if stream.current.isWord("not") {
            negated = true
            stream.advance()
        }
        let subject = try stream.expectWord("what to test: 'caller', 'language', a schedule or a variable")
        return ConditionSyntax(negated: negated, subject: subject, test: try parseNumberTest(subject: "'\(subject.text)'"))
    }

    mutating func parseNumberTest(subject: String) throws(Diagnostic) -> NumberTestSyntax {
        let word = stream.current
        switch word.word {
        case "anonymous", "empty":
            let location = stream.location
            stream.advance()
            return .empty(location)
        case "is":
            stream.advance()
            let value = try stream.expectWord("a value after 'is'")
            var qualifier: Name?
            if value.text == "holiday", let next = stream.current.word, next != ":" {
                qualifier = Name(text: next, location: stream.location)
                stream.advance()
            }
            return .equals(value, qualifier: qualifier)
        case "starts-with":
            stream.advance()
            return .startsWith(try stream.expectWord("digits after 'starts-with'"))
        case "matches":
            stream.advance()
            let location = stream.location
            return .matches(try stream.expectString("a pattern such as \"8800XXXXXXX\""), location)
        case "in":
            stream.advance()
            return .inList(try stream.expectWord("a list name after 'in'"))
        default:
            throw stream.error("expected 'is', 'starts-with', 'matches', 'in', 'anonymous' or 'empty' after \(subject), found \(word.quoted)")
        }
    }

    private mutating func parseMenu() throws(Diagnostic) -> MenuSyntax {
        let name = try stream.expectWord("a menu name")
        var menu = MenuSyntax(name: name)
        parseBlock(of: "menu", named: name, into: &menu) { parser, menu throws(Diagnostic) in
            try parser.parseMenuStatement(into: &menu)
        }
        return menu
    }

    /// `{ statement... }` after a named block's name; a missing `{` is reported and the
    /// block read all the same (`openBlock`).
    mutating func parseBlock<Block>(of kind: String, named name: Name, into block: inout Block,
                                    statement: (inout MenuParser, inout Block) throws(Diagnostic) -> Void) {
        openBlock("after the \(kind) name '\(name.text)'")
        statements(of: kind, named: name) { parser throws(Diagnostic) in try statement(&parser, &block) }
    }

    /// The `{` of a block. Without it the mistake is reported and the lines that follow
    /// are read as the block's all the same (a `{` alone on the next line included), so
    /// that the block's name stays defined and its lines are not reported again.
    mutating func openBlock(_ context: String) {
        if stream.current.isSymbol("{") {
            stream.advance()
            return
        }
        diagnostics.append(stream.error("expected '{' \(context), found \(stream.current.quoted)"))
        stream.recover()
        stream.skipNewlines()
        if stream.current.isSymbol("{") { stream.advance() }
    }

    mutating func parseMenuStatement(into menu: inout MenuSyntax) throws(Diagnostic) {
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
        case "when":
            menu.rules.append(try parseRule(allowIgnore: false))
            return
        case "collect":
            stream.advance()
            if menu.collect != nil { throw stream.error("a second 'collect' in menu '\(menu.name.text)'", at: keyword) }
            let variable = try stream.expectWord("the variable to collect into")
            // The menu collects from here on, so that a mistake in the rest of the line
            // is not reported again at 'on collected' or 'terminator'.
            menu.collect = CollectSyntax(variable: variable, minDigits: 1, maxDigits: MenuCompiler.maximumDigits)
            let countToken = stream.current
            guard let text = countToken.word else { throw stream.error("expected a digit count such as 4 or 4-8, found \(countToken.quoted)") }
            let bounds = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (bounds.count == 1 || bounds.count == 2), let low = bounds.first!, let high = bounds.last!,
                  (1...MenuCompiler.maximumDigits).contains(low), (low...MenuCompiler.maximumDigits).contains(high) else {
                throw stream.error("a digit count is N or N-M, from 1 to \(MenuCompiler.maximumDigits), not '\(text)'")
            }
            stream.advance()
            guard stream.current.isWord("digits") else { throw stream.error("expected 'digits' after the count, found \(stream.current.quoted)") }
            stream.advance()
            menu.collect?.minDigits = low
            menu.collect?.maxDigits = high
        case "terminator", "between", "valid":
            stream.advance()
            guard menu.collect != nil else {
                throw stream.error("'\(keyword.word!)' needs a 'collect' before it in menu '\(menu.name.text)'", at: keyword)
            }
            switch keyword.word {
            case "terminator":
                if stream.current.isWord("none") {
                    menu.collect!.terminator = .some(nil)
                    stream.advance()
                } else {
                    let token = stream.current
                    let character: Character? = switch token.kind {
                    case .symbol(let symbol): symbol
                    case .word(let word) where word.count == 1: word.first
                    default: nil
                    }
                    guard let character, let key = DTMFKey(character: character), !character.isLowercase else {
                        throw stream.error("expected a key or 'none' after 'terminator', found \(token.quoted)")
                    }
                    stream.advance()
                    menu.collect!.terminator = .some(key)
                }
            case "between":
                menu.collect!.betweenMilliseconds = try parseDuration()
            default:
                if stream.current.isWord("luhn") {
                    stream.advance()
                    menu.collect!.validation = .luhn
                } else if stream.current.isWord("matches") {
                    stream.advance()
                    let location = stream.location
                    menu.collect!.validation = .pattern(try stream.expectString("a pattern"), location)
                } else {
                    throw stream.error("expected 'luhn' or 'matches \"PATTERN\"' after 'valid', found \(stream.current.quoted)")
                }
            }
        default:
            throw stream.error("expected 'play', 'wait', 'attempts', 'on', 'when' or 'collect' in menu '\(menu.name.text)', found \(keyword.quoted)")
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
        case .word(let text) where ["invalid", "timeout", "failure", "collected"].contains(text):
            label = "'on \(text)'"
        case .word(let text) where text.count == 1 && DTMFKey(character: Character(text)) != nil && !text.first!.isLowercase:
            key = DTMFKey(character: Character(text))
            label = "key '\(text)'"
        default:
            throw stream.error("expected a key (0-9, *, #, A-D), 'invalid', 'timeout', 'failure' or 'collected' after 'on', found \(trigger.quoted)")
        }
        stream.advance()
        try stream.expectSymbol(":", "after \(label)")
        let action = try parseAction(allowIgnore: false)
        try stream.expectEndOfStatement()
        if let key {
            menu.keys.append((key, location, action))
        } else {
            switch trigger.word {
            case "invalid": menu.onInvalid = action
            case "timeout": menu.onTimeout = action
            case "collected": menu.onCollected = (location, action)
            default: menu.onFailure = action
            }
        }
    }

    /// `play a, b; say number n; goto m` — steps first, then at most one transfer, which ends the action.
    mutating func parseAction(allowIgnore: Bool) throws(Diagnostic) -> ActionSyntax {
        var action = ActionSyntax(location: stream.location)
        while true {
            let step = stream.current
            if action.transfer != nil {
                throw stream.error("nothing may follow a transfer ('goto', 'hangup', 'repeat', 'back')", at: step)
            }
            let location = stream.location
            switch step.word {
            case "play":
                stream.advance()
                action.steps.append(.play(try parsePromptList()))
            case "say":
                stream.advance()
                let kind = try stream.expectWord("what to say: number, digits, duration, time or date")
                let value = try stream.expectWord("a number or a variable to say")
                var gender: Name?
                if let word = stream.current.word, ["masculine", "feminine", "neuter"].contains(word) {
                    gender = Name(text: word, location: stream.location)
                    stream.advance()
                }
                action.steps.append(.say(kind: kind, value: value, gender: gender))
            case "set":
                stream.advance()
                let variable = try stream.expectWord("a variable name after 'set'")
                action.steps.append(.set(variable, try stream.expectWord("a value for '\(variable.text)'")))
            case "language":
                stream.advance()
                action.steps.append(.language(try stream.expectWord("a language code after 'language'")))
            case "voicemail", "check-voicemail":
                stream.advance()
                let box = try stream.expectWord("the mailbox number after '\(step.word!)'")
                var busy = false
                if step.word == "voicemail", stream.current.isWord("busy") {
                    stream.advance()
                    busy = true
                }
                action.steps.append(.voicemail(keyword: Name(text: step.word!, location: location), box: box, busy: busy))
            case "queue", "agent", "extension", "survey", "transfer":
                stream.advance()
                let argument = try stream.expectWord("what '\(step.word!)' goes to")
                action.steps.append(.request(keyword: Name(text: step.word!, location: location), argument: argument))
            case "record", "callback":
                stream.advance()
                action.steps.append(.request(keyword: Name(text: step.word!, location: location), argument: nil))
            case "goto":
                stream.advance()
                action.transfer = .goto(try stream.expectWord("a menu name after 'goto'"))
            case "hangup":
                stream.advance()
                action.transfer = .hangup
            case "repeat":
                stream.advance()
                action.transfer = .repeatMenu
                action.transferLocation = location
            case "back":
                stream.advance()
                action.transfer = .back
                action.transferLocation = location
            case "ignore" where allowIgnore:
                stream.advance()
                action.transfer = .ignore(location)
            default:
                throw stream.error("expected 'play', 'say', 'set', 'language', 'goto', 'hangup', 'repeat', 'back' or an action such as 'queue', found \(step.quoted)")
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
