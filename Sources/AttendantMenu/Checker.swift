import AttendantSchedule
import AttendantSpeech
import AttendantSyntax

/// Resolves names and checks what the grammar cannot.
struct Checker {
    struct Checked {
        var entry: MenuID
        var menus: [Menu]
        var languages: [String]
        var lists: [NumberList]
        var schedules: [ScheduleDeclaration]
        var callRules: [Rule]
        var queues: [QueueDeclaration]
        var agents: [AgentDeclaration]
        var queueSounds: QueueSounds?
        var mailboxes: [MailboxDeclaration]
        var voicemailSounds: VoicemailSounds?
    }

    let file: String
    let environment: MenuCompiler.Environment
    var diagnostics: [Diagnostic] = []
    private(set) var variables: [String] = []
    private(set) var promptUses: [PromptID: SourceLocation] = [:]
    private(set) var firstSay: SourceLocation?
    var promptCache: [String: PromptLookup] = [:]
    var menuIndex: [String: MenuID] = [:]
    var listIndex: [String: ListID] = [:]
    var scheduleIndex: [String: ScheduleID] = [:]
    /// Queue numbers (`number 600`) taken so far, and by which queue.
    var queueNumbers: [String: String] = [:]
    var schedules: [ScheduleDeclaration] = []
    var languages: [String] = []
    var notAvailableChecked = false
    var queueIndex: [String: QueueID] = [:]
    var mailboxIndex: [String: Int] = [:]

    init(file: String, environment: MenuCompiler.Environment) {
        self.file = file
        self.environment = environment
    }

    mutating func check(_ syntax: MenuFileSyntax) -> Checked? {
        checkLanguages(syntax)
        let lists = checkLists(syntax.lists)
        checkSchedules(syntax.schedules)
        declareVariables(syntax)

        var unique: [MenuSyntax] = []
        for menu in syntax.menus {
            if let first = menuIndex[menu.name.text] {
                error(at: menu.name.location, "duplicate menu '\(menu.name.text)' (first defined at \(where_(unique[first].name.location, from: menu.name.location)))")
                continue
            }
            menuIndex[menu.name.text] = unique.count
            unique.append(menu)
        }
        var entry: MenuID?
        if let name = syntax.entry {
            entry = menuIndex[name.text]
            if entry == nil { unknownMenu(name) }
        } else if !syntax.hasEntryStatement {  // else its missing name was reported
            error(at: SourceLocation(file: file, line: 1, column: 1), "no entry menu: add 'entry NAME'")
        }
        declareQueues(syntax.queues)
        let mailboxes = checkMailboxes(syntax.mailboxes)
        let agents = checkAgents(syntax.agents)
        let callRules = syntax.rules.map { checkCallRule($0) }
        let menus = unique.map { check($0) }
        let queues = syntax.queues.enumerated().compactMap { index, queue in
            queueIndex[queue.name.text] == index ? check(queue, agents: agents) : nil
        }
        let queueSounds = syntax.queues.first.flatMap { checkQueueSounds(at: $0.name.location) }
        let voicemailSounds = syntax.mailboxes.first.flatMap { checkVoicemailSounds(at: $0.number.location) }
        guard let entry else { return nil }
        warnUnreachable(unique, menus: menus, entry: entry, callRules: callRules, queues: queues)
        warnNoWayOut(menus, entry: entry)
        warnUnannouncedKeys(unique)
        return Checked(entry: entry, menus: menus, languages: languages, lists: lists,
                       schedules: schedules, callRules: callRules, queues: queues, agents: agents, queueSounds: queueSounds,
                       mailboxes: mailboxes, voicemailSounds: voicemailSounds)
    }

    // MARK: - Declarations

    mutating func checkLanguages(_ syntax: MenuFileSyntax) {
        let available = environment.languages
        guard !syntax.languages.isEmpty else {
            languages = [available.first ?? "en"]
            return
        }
        for code in syntax.languages {
            if !available.contains(code.text) {
                error(at: code.location, "language '\(code.text)' is not in the prompt catalogue"
                      + Suggestion.hint(for: code.text, among: available))
            } else if languages.contains(code.text) {
                error(at: code.location, "language '\(code.text)' is listed twice")
            } else {
                languages.append(code.text)
            }
        }
        if languages.isEmpty { languages = [available.first ?? "en"] }
    }

    mutating func checkLists(_ syntax: [ListSyntax]) -> [NumberList] {
        var lists: [NumberList] = []
        for list in syntax {
            if let first = listIndex[list.name.text] {
                error(at: list.name.location, "duplicate list '\(list.name.text)' (first defined at \(where_(lists[first].location, from: list.name.location)))")
                continue
            }
            listIndex[list.name.text] = lists.count
            let entries = list.entries.compactMap { entry -> NumberTest? in
                switch entry {
                case .equals(let number, _): digits(number).map { .equals(.literal($0)) }
                case .startsWith(let prefix): digits(prefix).map { .startsWith($0) }
                case .matches(let text, let location): pattern(text, at: location).map(NumberTest.matches)
                case .empty, .inList: nil
                }
            }
            lists.append(NumberList(name: list.name.text, location: list.name.location, entries: entries))
        }
        return lists
    }

    mutating func checkSchedules(_ syntax: [ScheduleSyntax]) {
        for declaration in syntax {
            let name = declaration.name
            if let first = scheduleIndex[name.text] {
                error(at: name.location, "duplicate schedule '\(name.text)' (first defined at \(where_(schedules[first].location, from: name.location)))")
                continue
            }
            let (schedule, found) = Schedule.build(from: declaration)
            diagnostics += found
            guard let schedule else { continue }
            scheduleIndex[name.text] = schedules.count
            schedules.append(ScheduleDeclaration(name: name.text, location: name.location, schedule: schedule))
        }
    }

    /// Variables come into being where `collect` or `set` names them.
    mutating func declareVariables(_ syntax: MenuFileSyntax) {
        var names: [Name] = []
        for menu in syntax.menus {
            if let collect = menu.collect { names.append(collect.variable) }
            let actions = menu.keys.map(\.action) + [menu.onInvalid, menu.onTimeout, menu.onFailure, menu.onCollected?.action]
                .compactMap { $0 } + menu.rules.map(\.action)
            for action in actions { for case .set(let name, _) in action.steps { names.append(name) } }
        }
        for rule in syntax.rules { for case .set(let name, _) in rule.action.steps { names.append(name) } }
        var refused: Set<String> = []
        for name in names where !variables.contains(name.text) && refused.insert(name.text).inserted {
            if ["caller", "language"].contains(name.text) || scheduleIndex[name.text] != nil || listIndex[name.text] != nil {
                error(at: name.location, "'\(name.text)' is already \(kindOfName(name.text)): a variable needs a name of its own")
                continue
            }
            guard name.text.first?.isLetter == true else {
                error(at: name.location, "a variable name starts with a letter, not '\(name.text)'")
                continue
            }
            guard variables.count < MenuCompiler.maximumVariables else {
                error(at: name.location, "'\(name.text)' would be variable number \(variables.count + 1): a program has at most \(MenuCompiler.maximumVariables)")
                continue
            }
            variables.append(name.text)
        }
    }

    mutating func noteSay(at location: SourceLocation) {
        firstSay = firstSay ?? location
    }

    mutating func notePromptUse(_ id: PromptID, at location: SourceLocation) {
        if promptUses[id] == nil { promptUses[id] = location }
    }

    func kindOfName(_ text: String) -> String {
        if text == "caller" { return "the caller's number" }
        if text == "language" { return "the caller's language" }
        return scheduleIndex[text] != nil ? "a schedule" : "a list"
    }

    // MARK: - Menus and rules

    mutating func check(_ syntax: MenuSyntax) -> Menu {
        var keyActions = [MenuAction?](repeating: nil, count: 16)
        var firstUse: [DTMFKey: SourceLocation] = [:]
        for (key, location, action) in syntax.keys {
            if let first = firstUse[key] {
                error(at: location, "duplicate key '\(key.character)' in menu '\(syntax.name.text)' "
                      + "(first used at \(where_(first, from: location)))")
                continue
            }
            firstUse[key] = location
            keyActions[Int(key.rawValue)] = resolve(action)
        }
        var collect: CollectSpec?
        if let spec = syntax.collect {
            collect = checkCollect(spec, menu: syntax)
        } else if let (location, _) = syntax.onCollected {
            error(at: location, "'on collected' needs a 'collect' in menu '\(syntax.name.text)'")
        }
        return Menu(
            name: syntax.name.text, location: syntax.name.location,
            prompts: prompts(syntax.prompts),
            inputTimeoutMilliseconds: syntax.waitMilliseconds ?? MenuCompiler.defaultWaitMilliseconds,
            maxAttempts: syntax.attempts ?? MenuCompiler.defaultAttempts,
            keyActions: keyActions,
            onInvalid: syntax.onInvalid.map { resolve($0) } ?? MenuAction(transfer: .repeatMenu),
            onTimeout: syntax.onTimeout.map { resolve($0) } ?? MenuAction(transfer: .repeatMenu),
            onFailure: syntax.onFailure.map { resolve($0) } ?? MenuAction(transfer: .hangup),
            rules: syntax.rules.compactMap { rule in
                condition(rule.condition).map { Rule(condition: $0, action: resolve(rule.action), location: rule.location) }
            },
            collect: collect)
    }

    mutating func checkCollect(_ spec: CollectSyntax, menu: MenuSyntax) -> CollectSpec? {
        guard let onCollected = menu.onCollected else {
            error(at: spec.variable.location, "menu '\(menu.name.text)' collects '\(spec.variable.text)' but has no 'on collected'")
            return nil
        }
        if !menu.keys.isEmpty {
            error(at: menu.keys[0].location, "menu '\(menu.name.text)' collects digits, so keys cannot have actions of their own")
        }
        var validation = InputValidation.none
        switch spec.validation {
        case .luhn: validation = .luhn
        case .pattern(let text, let location): validation = pattern(text, at: location).map(InputValidation.pattern) ?? .none
        case nil: break
        }
        let terminator: DTMFKey? = switch spec.terminator {
        case .none: .pound
        case .some(let key): key
        }
        return CollectSpec(variable: variables.firstIndex(of: spec.variable.text) ?? 0,
                           minDigits: spec.minDigits, maxDigits: spec.maxDigits, terminator: terminator,
                           interDigitMilliseconds: spec.betweenMilliseconds ?? MenuCompiler.defaultBetweenMilliseconds,
                           validation: validation, onCollected: resolve(onCollected.action))
    }

    mutating func checkCallRule(_ rule: RuleSyntax) -> Rule {
        let action = resolve(rule.action, atFileLevel: true)
        let checked = condition(rule.condition) ?? .caller(.empty)
        if case .ignore(let location) = rule.action.transfer {
            if !Self.onlyAboutTheCaller(checked) {
                error(at: location, "'ignore' is decided before the call is answered: only 'caller' conditions are known then")
            } else if !rule.action.steps.isEmpty {
                error(at: location, "an ignored call is never answered, so nothing can be played or set before 'ignore'")
            }
        }
        return Rule(condition: checked, action: action, location: rule.location)
    }

    static func onlyAboutTheCaller(_ condition: Condition) -> Bool {
        switch condition {
        case .caller: true
        case .not(let inner): onlyAboutTheCaller(inner)
        default: false
        }
    }

    // MARK: - Actions

    mutating func resolve(_ action: ActionSyntax, atFileLevel: Bool = false) -> MenuAction {
        var steps: [ActionStep] = []
        for step in action.steps {
            switch step {
            case .play(let names):
                steps += prompts(names).map(ActionStep.play)
            case .say(let kindName, let valueName, let genderName):
                firstSay = firstSay ?? kindName.location
                guard let kind = SayKind.allCases.first(where: { "\($0)" == kindName.text }) else {
                    error(at: kindName.location, "'say' speaks a number, digits, duration, time or date, not '\(kindName.text)'"
                          + Suggestion.hint(for: kindName.text, among: SayKind.allCases.map { "\($0)" }))
                    continue
                }
                let gender: GrammaticalGender = switch genderName?.text {
                case "feminine": .feminine
                case "neuter": .neuter
                default: .masculine
                }
                if let value = value(valueName) { steps.append(.say(kind, value, gender)) }
            case .set(let variable, let valueName):
                if let index = variables.firstIndex(of: variable.text), let value = value(valueName) {
                    steps.append(.set(index, value))
                }
            case .language(let code):
                if let language = language(code) { steps.append(.setLanguage(language)) }
            case .request(let keyword, let argument):
                if let request = declaredAction(keyword, argument) { steps.append(.request(request)) }
            case .voicemail(let keyword, let box, let busy):
                if let request = voicemailAction(keyword, box: box, busy: busy) { steps.append(.request(request)) }
            }
        }
        let transfer: MenuTransfer
        switch action.transfer {
        case .goto(let name):
            if let target = menuIndex[name.text] {
                transfer = .goto(target)
            } else {
                unknownMenu(name)
                transfer = .hangup
            }
        case .hangup: transfer = .hangup
        case .ignore: transfer = .ignore
        case .back where atFileLevel, .repeatMenu where atFileLevel:
            error(at: action.transferLocation ?? action.location ?? SourceLocation(file: file, line: 1, column: 1),
                  "a file-level rule is not in a menu: it can 'goto' a menu, 'hangup' or 'ignore', or go on to the entry menu")
            transfer = .hangup
        case .back: transfer = .back
        case .repeatMenu, nil: transfer = .repeatMenu
        }
        return MenuAction(steps: steps, transfer: transfer)
    }

    /// Declared actions play `not-available` where their target is missing (and the
    /// program loads it for them), so the catalogue must have it.
    mutating func requireNotAvailablePrompt(for keyword: Name) {
        if !notAvailableChecked {
            notAvailableChecked = true
            switch lookUpPrompt(MenuCompiler.notAvailablePrompt) {
            case .found: break
            default:
                error(at: keyword.location, "'\(keyword.text)' is not built yet and plays the prompt '\(MenuCompiler.notAvailablePrompt)' "
                      + "meanwhile: add that prompt to the catalogue")
            }
        }
    }

    mutating func declaredAction(_ keyword: Name, _ argument: Name?) -> DeclaredAction? {
        requireNotAvailablePrompt(for: keyword)
        let text = argument?.text ?? ""
        switch keyword.text {
        case "queue":
            if queueIndex[text] == nil {
                diagnostics.append(Diagnostic(.warning, at: argument?.location ?? keyword.location,
                                              "queue '\(text)' is not declared: callers who choose it hear '\(MenuCompiler.notAvailablePrompt)'"
                                              + Suggestion.hint(for: text, among: queueIndex.keys)))
            }
            return .queue(text)
        case "agent": return .agent(text)
        case "survey": return .survey(text)
        case "record": return .record
        case "callback": return .callback
        case "extension", "transfer":
            guard let argument, let number = digits(argument) else { return nil }
            return keyword.text == "extension" ? .extensionNumber(number) : .transfer(number)
        default: return nil
        }
    }

    // MARK: - Names and values

    mutating func language(_ code: Name) -> LanguageID? {
        if let index = languages.firstIndex(of: code.text) { return index }
        error(at: code.location, "language '\(code.text)' is not among the program's languages (\(languages.joined(separator: ", ")))"
              + Suggestion.hint(for: code.text, among: languages))
        return nil
    }

    /// Digits are a literal, a name is a variable (or `caller`).
    mutating func value(_ name: Name) -> ValueSource? {
        if name.text.first?.isNumber == true || name.text.first == "*" || name.text.first == "#" {
            return digits(name).map(ValueSource.literal)
        }
        if let index = variables.firstIndex(of: name.text) { return .variable(index) }
        error(at: name.location, "unknown variable '\(name.text)'" + Suggestion.hint(for: name.text, among: variables))
        return nil
    }

    mutating func digits(_ name: Name) -> String? {
        guard !name.text.isEmpty, name.text.allSatisfy({ "0123456789*#".contains($0) }) else {
            error(at: name.location, "expected digits, found '\(name.text)'")
            return nil
        }
        guard name.text.count <= MenuCompiler.maximumDigits else {
            error(at: name.location, "at most \(MenuCompiler.maximumDigits) digits, not \(name.text.count)")
            return nil
        }
        return name.text
    }

    mutating func pattern(_ text: String, at location: SourceLocation) -> DigitPattern? {
        do {
            return try DigitPattern(parsing: text)
        } catch {
            // +1: the opening quote.
            let at = SourceLocation(file: location.file, line: location.line, column: location.column + 1 + error.offset)
            self.error(at: at, error.message)
            return nil
        }
    }

    mutating func lookUpPrompt(_ name: String) -> PromptLookup {
        if let cached = promptCache[name] { return cached }
        let lookup = environment.resolvePrompt(name)
        promptCache[name] = lookup
        return lookup
    }

    mutating func prompts(_ names: [Name]) -> [PromptID] {
        names.compactMap { name in
            switch lookUpPrompt(name.text) {
            case .found(let id):
                if promptUses[id] == nil { promptUses[id] = name.location }
                return id
            case .unknown:
                error(at: name.location, "unknown prompt '\(name.text)'")
            case .unusable(let reason):
                error(at: name.location, "prompt '\(name.text)' cannot be used: \(reason)")
            }
            return nil
        }
    }

    mutating func unknownMenu(_ name: Name) {
        error(at: name.location, "unknown menu '\(name.text)'" + Suggestion.hint(for: name.text, among: menuIndex.keys))
    }

    func where_(_ location: SourceLocation, from reported: SourceLocation) -> String {
        location.file == reported.file ? "\(location.line):\(location.column)" : location.description
    }

    mutating func error(at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location, message))
    }
}
