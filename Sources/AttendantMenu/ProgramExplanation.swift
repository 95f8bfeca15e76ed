/// What a caller can reach in a program, in words: `attendant compile --explain`.
///
/// ```
/// on answer
///   when caller in blocked: play blocked; hang up
/// main  (entry; keys from answer: none)
///   plays welcome, main-options, then waits 5 s for a key; 3 attempts
///   1: go to sales
/// sales  (keys from answer: 1)
/// ```
public enum ProgramExplanation {
    public static func lines(for program: MenuProgram, promptName: (PromptID) -> String) -> [String] {
        withoutActuallyEscaping(promptName) { promptName in
            var explainer = Explainer(program: program, promptName: promptName)
            return explainer.explain()
        }
    }
}

private struct Explainer {
    let program: MenuProgram
    let promptName: (PromptID) -> String

    mutating func explain() -> [String] {
        var lines: [String] = []
        if !program.callRules.isEmpty {
            lines.append("on answer, in order")
            for rule in program.callRules {
                lines.append("  when \(describe(rule.condition)): \(describe(rule.action, atFileLevel: true))")
            }
        }
        let paths = keyPaths()
        for index in order(paths) {
            let menu = program.menus[index]
            let how = index == program.entry ? "entry; " : ""
            let path = paths[index].map { $0.isEmpty ? "no key" : "keys \($0)" } ?? "not reached by keys alone"
            lines.append("\(menu.name)  (\(how)\(path))")
            for rule in menu.rules {
                lines.append("  when \(describe(rule.condition)): \(describe(rule.action, atFileLevel: false))")
            }
            let prompts = menu.prompts.map(promptName).joined(separator: ", ")
            let waits = "\(seconds(menu.inputTimeoutMilliseconds))"
            if let collect = menu.collect {
                let count = collect.minDigits == collect.maxDigits ? "\(collect.minDigits)" : "\(collect.minDigits)-\(collect.maxDigits)"
                var how = "collects \(count) digits into '\(program.variables[collect.variable])'"
                if let key = collect.terminator { how += ", ended by \(key.character)" }
                switch collect.validation {
                case .luhn: how += ", Luhn-checked"
                case .pattern: how += ", checked against a pattern"
                case .none: break
                }
                lines.append("  plays \(prompts.isEmpty ? "nothing" : prompts), then \(how); first digit within \(waits); \(menu.maxAttempts) attempts")
                lines.append("  collected: \(describe(collect.onCollected, atFileLevel: false))")
            } else {
                lines.append("  plays \(prompts.isEmpty ? "nothing" : prompts), then waits \(waits) for a key; \(menu.maxAttempts) attempts")
            }
            for key in DTMFKey.allCases {
                if let action = menu.action(for: key) { lines.append("  \(key.character): \(describe(action, atFileLevel: false))") }
            }
            lines.append("  invalid: \(describe(menu.onInvalid, atFileLevel: false)); timeout: \(describe(menu.onTimeout, atFileLevel: false)); "
                         + "failure: \(describe(menu.onFailure, atFileLevel: false))")
        }
        for queue in program.queues {
            let agents = queue.agents.map(String.init).joined(separator: ", ")
            let announce = queue.announceMilliseconds.map { "announces every \(seconds($0))" } ?? "no announcements"
            lines.append("queue \(queue.name)  (agents \(agents); \(queue.strategy); rings \(seconds(queue.ringMilliseconds)); "
                         + "wrap-up \(seconds(queue.wrapUpMilliseconds)); \(announce); music \(promptName(queue.music)))")
            for key in DTMFKey.allCases {
                if let action = queue.keyActions[Int(key.rawValue)] { lines.append("  \(key.character): \(describe(action, atFileLevel: false))") }
            }
            if let wait = queue.maxWaitMilliseconds {
                lines.append("  after \(seconds(wait)): \(queue.onTimeout.map { describe($0, atFileLevel: false) } ?? "not-available; go on")")
            }
            if let most = queue.maxCallers {
                lines.append("  over \(most) waiting: \(queue.onFull.map { describe($0, atFileLevel: false) } ?? "not-available; go on")")
            }
            lines.append("  no agents: \(queue.onNoAgents.map { describe($0, atFileLevel: false) } ?? "not-available; go on")")
            if let hours = queue.hours {
                lines.append("  closed (\(program.schedules[hours].name)): \(queue.onClosed.map { describe($0, atFileLevel: false) } ?? "not-available; go on")")
            }
        }
        for agent in program.agents where agent.recording != .onDemand {
            lines.append("agent \(agent.number)  (\(agent.recording == .always ? "every call recorded" : "never recorded"))")
        }
        return lines
    }

    /// The shortest keys from the answer to each menu, through key actions only.
    func keyPaths() -> [String?] {
        var paths = [String?](repeating: nil, count: program.menus.count)
        paths[program.entry] = ""
        var queue = [program.entry]
        var head = 0
        while head < queue.count {
            let menu = queue[head]
            head += 1
            for key in DTMFKey.allCases {
                guard let action = program.menus[menu].action(for: key), case .goto(let target) = action.transfer,
                      paths[target] == nil else { continue }
                paths[target] = paths[menu]! + String(key.character)
                queue.append(target)
            }
        }
        return paths
    }

    /// Entry first, then by key path, then the rest in source order.
    func order(_ paths: [String?]) -> [MenuID] {
        program.menus.indices.sorted { a, b in
            switch (paths[a], paths[b]) {
            case let (x?, y?): (x.count, x, a) < (y.count, y, b)
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a < b
            }
        }
    }

    func seconds(_ milliseconds: Int) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }

    func describe(_ action: MenuAction, atFileLevel: Bool) -> String {
        var parts = action.steps.map(describe)
        switch action.transfer {
        case .goto(let menu): parts.append("go to \(program.menus[menu].name)")
        case .hangup: parts.append("hang up")
        case .back: parts.append("back")
        case .ignore: parts.append("not answered")
        case .goOn: parts.append("go on")
        case .repeatMenu: parts.append(atFileLevel ? "on to \(program.menus[program.entry].name)" : "repeat")
        }
        return parts.joined(separator: "; ")
    }

    func describe(_ step: ActionStep) -> String {
        switch step {
        case .play(let prompt): "play \(promptName(prompt))"
        case .say(let kind, let value, _): "say \(kind) \(describe(value))"
        case .set(let variable, let value): "set \(program.variables[variable]) to \(describe(value))"
        case .setLanguage(let language): "language \(program.languages[language])"
        case .request(.queue(let name)) where program.queue(named: name) != nil: "wait in queue \(name)"
        case .request(.extensionNumber(let number)): "put through to extension \(number)"
        case .request(.record): "record the call"
        case .request(.voicemail(let box, let busy)) where program.mailbox(numbered: box) != nil:
            "leave a message in mailbox \(box)" + (busy ? " (busy greeting)" : "")
        case .request(.checkVoicemail(let box)) where program.mailbox(numbered: box) != nil: "listen to mailbox \(box) (PIN)"
        case .request(let action): "\(action.description) (not available yet)"
        }
    }

    func describe(_ value: ValueSource) -> String {
        switch value {
        case .literal(let digits): digits
        case .variable(let index): program.variables[index]
        }
    }

    func describe(_ condition: Condition) -> String {
        switch condition {
        case .not(let inner): "not \(describe(inner))"
        case .caller(let test): "caller \(describe(test))"
        case .variable(let variable, let test): "\(program.variables[variable]) \(describe(test))"
        case .language(let language): "language is \(program.languages[language])"
        case .schedule(let schedule, let state):
            switch state {
            case .open: "\(program.schedules[schedule].name) is open"
            case .closed: "\(program.schedules[schedule].name) is closed"
            case .holiday(let name): "\(program.schedules[schedule].name) is holiday\(name.map { " \($0)" } ?? "")"
            }
        }
    }

    func describe(_ test: NumberTest) -> String {
        switch test {
        case .equals(let value): "is \(describe(value))"
        case .startsWith(let digits): "starts with \(digits)"
        case .matches: "matches a pattern"
        case .inList(let list): "in \(program.lists[list].name)"
        case .empty: "anonymous"
        }
    }
}
