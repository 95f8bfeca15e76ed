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
    }

    let file: String
    let environment: MenuCompiler.Environment
    var diagnostics: [Diagnostic] = []
    private(set) var variables: [String] = []
    private(set) var promptUses: [PromptID: SourceLocation] = [:]
    private(set) var firstSay: SourceLocation?
    private var promptCache: [String: PromptLookup] = [:]
    private var menuIndex: [String: MenuID] = [:]
    private var listIndex: [String: ListID] = [:]
    private var scheduleIndex: [String: ScheduleID] = [:]
    private var schedules: [ScheduleDeclaration] = []
    private var languages: [String] = []
    private var notAvailableChecked = false

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
        let callRules = syntax.rules.map { checkCallRule($0) }
        let menus = unique.map { check($0) }
        guard let entry else { return nil }
        warnUnreachable(unique, menus: menus, entry: entry, callRules: callRules)
        warnNoWayOut(menus, entry: entry)
        warnUnannouncedKeys(unique)
        return Checked(entry: entry, menus: menus, languages: languages, lists: lists,
                       schedules: schedules, callRules: callRules)
    }

    // MARK: - Declarations

    private mutating func checkLanguages(_ syntax: MenuFileSyntax) {
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

    private mutating func checkLists(_ syntax: [ListSyntax]) -> [NumberList] {
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

    private mutating func checkSchedules(_ syntax: [ScheduleSyntax]) {
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
    private mutating func declareVariables(_ syntax: MenuFileSyntax) {
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

    private func kindOfName(_ text: String) -> String {
        if text == "caller" { return "the caller's number" }
        if text == "language" { return "the caller's language" }
        return scheduleIndex[text] != nil ? "a schedule" : "a list"
    }

    // MARK: - Menus and rules

    private mutating func check(_ syntax: MenuSyntax) -> Menu {
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

    private mutating func checkCollect(_ spec: CollectSyntax, menu: MenuSyntax) -> CollectSpec? {
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

    private mutating func checkCallRule(_ rule: RuleSyntax) -> Rule {
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

    private static func onlyAboutTheCaller(_ condition: Condition) -> Bool {
        switch condition {
        case .caller: true
        case .not(let inner): onlyAboutTheCaller(inner)
        default: false
        }
    }

    // MARK: - Conditions

    private mutating func condition(_ syntax: ConditionSyntax) -> Condition? {
        let subject = syntax.subject
        let resolved: Condition?
        switch subject.text {
        case "caller":
            resolved = numberTest(syntax.test, subject: "the caller's number").map(Condition.caller)
        case "language":
            guard case .equals(let code, _) = syntax.test else {
                error(at: subject.location, "'language' is tested with 'is', as in 'language is ru'")
                return nil
            }
            resolved = language(code).map(Condition.language)
        default:
            if let schedule = scheduleIndex[subject.text] {
                resolved = scheduleCondition(schedule, syntax.test, subject: subject)
            } else if let variable = variables.firstIndex(of: subject.text) {
                resolved = numberTest(syntax.test, subject: "'\(subject.text)'").map { .variable(variable, $0) }
            } else {
                error(at: subject.location, "unknown variable or schedule '\(subject.text)'"
                      + Suggestion.hint(for: subject.text, among: variables + scheduleIndex.keys + ["caller", "language"]))
                return nil
            }
        }
        guard let resolved else { return nil }
        return syntax.negated ? .not(resolved) : resolved
    }

    private mutating func scheduleCondition(_ schedule: ScheduleID, _ test: NumberTestSyntax, subject: Name) -> Condition? {
        guard case .equals(let state, let qualifier) = test else {
            error(at: subject.location, "a schedule is tested with 'is open', 'is closed' or 'is holiday [NAME]'")
            return nil
        }
        switch state.text {
        case "open": return .schedule(schedule, .open)
        case "closed": return .schedule(schedule, .closed)
        case "holiday":
            guard let qualifier else { return .schedule(schedule, .holiday(nil)) }
            let holidays = schedules[schedule].schedule.holidayNames
            guard holidays.contains(qualifier.text) else {
                error(at: qualifier.location, "schedule '\(subject.text)' has no holiday '\(qualifier.text)'"
                      + Suggestion.hint(for: qualifier.text, among: holidays))
                return nil
            }
            return .schedule(schedule, .holiday(qualifier.text))
        default:
            error(at: state.location, "a schedule is 'open', 'closed' or 'holiday', not '\(state.text)'"
                  + Suggestion.hint(for: state.text, among: ["open", "closed", "holiday"]))
            return nil
        }
    }

    private mutating func numberTest(_ test: NumberTestSyntax, subject: String) -> NumberTest? {
        switch test {
        case .empty: return .empty
        case .equals(let value, _): return self.value(value).map(NumberTest.equals)
        case .startsWith(let prefix): return digits(prefix).map(NumberTest.startsWith)
        case .matches(let text, let location): return pattern(text, at: location).map(NumberTest.matches)
        case .inList(let name):
            guard let list = listIndex[name.text] else {
                error(at: name.location, "unknown list '\(name.text)'" + Suggestion.hint(for: name.text, among: listIndex.keys))
                return nil
            }
            return .inList(list)
        }
    }

    // MARK: - Actions

    private mutating func resolve(_ action: ActionSyntax, atFileLevel: Bool = false) -> MenuAction {
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

    private mutating func declaredAction(_ keyword: Name, _ argument: Name?) -> DeclaredAction? {
        if !notAvailableChecked {
            notAvailableChecked = true
            switch lookUpPrompt(MenuCompiler.notAvailablePrompt) {
            case .found: break
            default:
                error(at: keyword.location, "'\(keyword.text)' is not built yet and plays the prompt '\(MenuCompiler.notAvailablePrompt)' "
                      + "meanwhile: add that prompt to the catalogue")
            }
        }
        let text = argument?.text ?? ""
        switch keyword.text {
        case "queue": return .queue(text)
        case "agent": return .agent(text)
        case "survey": return .survey(text)
        case "record": return .record
        case "callback": return .callback
        case "extension", "voicemail", "transfer":
            guard let argument, let number = digits(argument) else { return nil }
            return switch keyword.text {
            case "extension": .extensionNumber(number)
            case "voicemail": .voicemail(number)
            default: .transfer(number)
            }
        default: return nil
        }
    }

    // MARK: - Names and values

    private mutating func language(_ code: Name) -> LanguageID? {
        if let index = languages.firstIndex(of: code.text) { return index }
        error(at: code.location, "language '\(code.text)' is not among the program's languages (\(languages.joined(separator: ", ")))"
              + Suggestion.hint(for: code.text, among: languages))
        return nil
    }

    /// Digits are a literal, a name is a variable (or `caller`).
    private mutating func value(_ name: Name) -> ValueSource? {
        if name.text.first?.isNumber == true || name.text.first == "*" || name.text.first == "#" {
            return digits(name).map(ValueSource.literal)
        }
        if let index = variables.firstIndex(of: name.text) { return .variable(index) }
        error(at: name.location, "unknown variable '\(name.text)'" + Suggestion.hint(for: name.text, among: variables))
        return nil
    }

    private mutating func digits(_ name: Name) -> String? {
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

    private mutating func pattern(_ text: String, at location: SourceLocation) -> DigitPattern? {
        do {
            return try DigitPattern(parsing: text)
        } catch {
            // +1: the opening quote.
            let at = SourceLocation(file: location.file, line: location.line, column: location.column + 1 + error.offset)
            self.error(at: at, error.message)
            return nil
        }
    }

    private mutating func lookUpPrompt(_ name: String) -> PromptLookup {
        if let cached = promptCache[name] { return cached }
        let lookup = environment.resolvePrompt(name)
        promptCache[name] = lookup
        return lookup
    }

    private mutating func prompts(_ names: [Name]) -> [PromptID] {
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

    private mutating func unknownMenu(_ name: Name) {
        error(at: name.location, "unknown menu '\(name.text)'" + Suggestion.hint(for: name.text, among: menuIndex.keys))
    }

    // MARK: - Warnings

    private static func targets(of action: MenuAction) -> [MenuID] {
        if case .goto(let target) = action.transfer { return [target] }
        return []
    }

    private mutating func warnUnreachable(_ syntax: [MenuSyntax], menus: [Menu], entry: MenuID, callRules: [Rule]) {
        var reached: Set<MenuID> = [entry]
        var pending = [entry] + callRules.flatMap { Self.targets(of: $0.action) }
        reached.formUnion(pending)
        while let menu = pending.popLast() {
            for target in menus[menu].allActions.flatMap(Self.targets) where reached.insert(target).inserted {
                pending.append(target)
            }
        }
        let entryName = menus[entry].name
        for (index, menu) in syntax.enumerated() where !reached.contains(index) {
            diagnostics.append(Diagnostic(.warning, at: menu.name.location,
                                          "menu '\(menu.name.text)' is never reached from entry '\(entryName)'"))
        }
    }

    /// A menu from which no path ends the call or hands it on: a caller there can only hang up.
    private mutating func warnNoWayOut(_ menus: [Menu], entry: MenuID) {
        func endsHere(_ action: MenuAction) -> Bool {
            action.transfer == .hangup || action.steps.contains { if case .request = $0 { true } else { false } }
        }
        var canEnd = Set(menus.indices.filter { menus[$0].allActions.contains(where: endsHere) })
        var changed = true
        while changed {
            changed = false
            for index in menus.indices where !canEnd.contains(index) {
                // `back` returns to a menu that led here; count it as a way out only via targets.
                if menus[index].allActions.flatMap(Self.targets).contains(where: canEnd.contains) {
                    canEnd.insert(index)
                    changed = true
                }
            }
        }
        for index in menus.indices where !canEnd.contains(index) {
            let hasBack = menus[index].allActions.contains { $0.transfer == .back }
            guard !hasBack else { continue }
            diagnostics.append(Diagnostic(.warning, at: menus[index].location,
                                          "menu '\(menus[index].name)' is a loop with no way out: nothing reachable from it ends or hands on the call"))
        }
    }

    /// Where `location` is, as seen from a diagnostic at `reported`: the file is named
    /// only when it is another one.
    /// A key the menu acts on that none of its prompts tells callers about, when the
    /// catalogue says which keys its prompts offer (`offers 1, 2`).
    private mutating func warnUnannouncedKeys(_ menus: [MenuSyntax]) {
        for menu in menus where menu.collect == nil {
            let annotated = menu.prompts.compactMap { name in environment.promptOffers(name.text).map { (name.text, $0) } }
            guard !annotated.isEmpty else { continue }
            let offered = annotated.reduce(into: Set<DTMFKey>()) { $0.formUnion($1.1) }
            let said = annotated.map { name, keys in
                "\(name) offers \(keys.sorted { $0.rawValue < $1.rawValue }.map { String($0.character) }.joined(separator: ", "))"
            }.joined(separator: "; ")
            for (key, location, _) in menu.keys where !offered.contains(key) {
                diagnostics.append(Diagnostic(.warning, at: location,
                    "key '\(key.character)' in menu '\(menu.name.text)' is offered by none of its prompts (\(said))"))
            }
        }
    }

    private func where_(_ location: SourceLocation, from reported: SourceLocation) -> String {
        location.file == reported.file ? "\(location.line):\(location.column)" : location.description
    }

    private mutating func error(at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location, message))
    }
}
