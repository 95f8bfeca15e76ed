import AttendantSyntax

/// Queues and agents: names, numbers, strategies, and the recordings they need.
extension Checker {
    mutating func declareQueues(_ syntax: [QueueSyntax]) {
        for (index, queue) in syntax.enumerated() {
            if let first = queueIndex[queue.name.text] {
                error(at: queue.name.location, "duplicate queue '\(queue.name.text)' "
                      + "(first defined at \(where_(syntax[first].name.location, from: queue.name.location)))")
                continue
            }
            queueIndex[queue.name.text] = index
        }
    }

    mutating func checkAgents(_ syntax: [AgentSyntax]) -> [AgentDeclaration] {
        var agents: [AgentDeclaration] = []
        for agent in syntax {
            guard let number = extensionNumber(agent.number) else { continue }
            if let first = agents.first(where: { $0.number == number }) {
                error(at: agent.number.location, "agent \(number) is declared twice (first at \(where_(first.location, from: agent.number.location)))")
                continue
            }
            var skills: [String: Int] = [:]
            for (skill, level) in agent.skills {
                if skills[skill.text] != nil { error(at: skill.location, "skill '\(skill.text)' is given twice for agent \(number)") }
                skills[skill.text] = level
            }
            var mobile: String?
            if let number = agent.mobile {
                if number.text.isEmpty || number.text.count > 24 || !number.text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "*" || $0 == "#") }) {
                    error(at: number.location, "expected a phone number to dial (digits, * and #, at most 24), found '\(number.text)'")
                } else {
                    mobile = number.text
                }
            }
            var declaration = AgentDeclaration(number: number, skills: skills, mobile: mobile, location: agent.number.location)
            if let policy = agent.record.flatMap({ AgentRecordingPolicy(rawValue: $0.text) }) { declaration.recording = policy }
            agents.append(declaration)
        }
        return agents
    }

    mutating func check(_ syntax: QueueSyntax, agents: [AgentDeclaration]) -> QueueDeclaration? {
        var members: [Int] = []
        for name in syntax.agents {
            guard let number = extensionNumber(name) else { continue }
            if members.contains(number) {
                error(at: name.location, "agent \(number) is listed twice in queue '\(syntax.name.text)'")
            } else {
                members.append(number)
            }
        }
        if syntax.agents.isEmpty {
            error(at: syntax.name.location, "queue '\(syntax.name.text)' has no agents: add 'agents 2, 3' (extension numbers)")
        }
        let strategy = checkStrategy(syntax, members: members, agents: agents)
        var keyActions = [MenuAction?](repeating: nil, count: 16)
        var firstUse: [DTMFKey: SourceLocation] = [:]
        for (key, location, action) in syntax.keys {
            if let first = firstUse[key] {
                error(at: location, "duplicate key '\(key.character)' in queue '\(syntax.name.text)' (first used at \(where_(first, from: location)))")
                continue
            }
            firstUse[key] = location
            keyActions[Int(key.rawValue)] = handler(action)
        }
        let music = syntax.music ?? Name(text: QueueSounds.defaultMusic, location: syntax.name.location)
        let musicPrompt = prompts([music]).first
        if syntax.maxWaitMilliseconds == nil, let action = syntax.onTimeout {
            warning(at: action.location ?? syntax.name.location, "'on timeout' in queue '\(syntax.name.text)' never runs without 'max-wait'")
        }
        var hours: ScheduleID?
        if let name = syntax.hours {
            hours = scheduleIndex[name.text]
            if hours == nil {
                error(at: name.location, "no schedule '\(name.text)' for the hours of queue '\(syntax.name.text)'"
                      + Suggestion.hint(for: name.text, among: scheduleIndex.keys))
            }
        } else if let action = syntax.onClosed {
            warning(at: action.location ?? syntax.name.location, "'on closed' in queue '\(syntax.name.text)' never runs without 'hours SCHEDULE'")
        }
        var number: String?
        if let digits = syntax.number {
            if digits.text.isEmpty || digits.text.count > 24 || !digits.text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                error(at: digits.location, "expected a queue number to dial (digits, at most 24), found '\(digits.text)'")
            } else if let other = queueNumbers[digits.text] {
                error(at: digits.location, "number \(digits.text) is already queue '\(other)''s")
            } else {
                queueNumbers[digits.text] = syntax.name.text
                number = digits.text
            }
        }
        if syntax.maxCallers == nil, let action = syntax.onFull {
            warning(at: action.location ?? syntax.name.location, "'on full' in queue '\(syntax.name.text)' never runs without 'max-callers'")
        }
        let announce = syntax.announceMilliseconds ?? QueueDeclaration.defaultAnnounceMilliseconds
        if announce > 0 { noteSay(at: syntax.name.location) }
        var announcement: PromptID?
        if let prompt = syntax.recordAnnouncement {
            if syntax.record?.text == "never" {
                error(at: prompt.location, "queue '\(syntax.name.text)' records no call: 'announce' needs 'record always'")
            } else {
                announcement = prompts([prompt]).first
            }
        }
        guard let strategy, let musicPrompt else { return nil }
        var declaration = QueueDeclaration(
            name: syntax.name.text, location: syntax.name.location, agents: members, strategy: strategy,
            ringMilliseconds: syntax.ringMilliseconds ?? QueueDeclaration.defaultRingMilliseconds,
            wrapUpMilliseconds: syntax.wrapUpMilliseconds ?? QueueDeclaration.defaultWrapUpMilliseconds,
            pauseAfterMisses: syntax.pauseAfterMisses ?? QueueDeclaration.defaultPauseAfterMisses,
            announceMilliseconds: announce > 0 ? announce : nil, music: musicPrompt,
            maxWaitMilliseconds: syntax.maxWaitMilliseconds, maxCallers: syntax.maxCallers,
            vip: syntax.vip.flatMap { condition($0) }, keyActions: keyActions,
            onTimeout: syntax.onTimeout.map { handler($0) }, onFull: syntax.onFull.map { handler($0) },
            onNoAgents: syntax.onNoAgents.map { handler($0) }, hours: hours, onClosed: syntax.onClosed.map { handler($0) }, number: number)
        declaration.recordsCalls = syntax.record?.text == "always"
        declaration.recordAnnouncement = announcement
        return declaration
    }

    private mutating func checkStrategy(_ syntax: QueueSyntax, members: [Int], agents: [AgentDeclaration]) -> QueueStrategy? {
        guard let (word, skill) = syntax.strategy else { return .longestIdle }
        switch word.text {
        case "ring-all": return .ringAll
        case "longest-idle": return .longestIdle
        case "fewest-calls": return .fewestCalls
        case "round-robin": return .roundRobin
        case "random": return .random
        case "skills":
            guard let skill else { return nil }
            let skilled = members.filter { member in agents.contains { $0.number == member && $0.skills[skill.text] != nil } }
            if skilled.isEmpty, !members.isEmpty {
                warning(at: skill.location, "no agent of queue '\(syntax.name.text)' has the skill '\(skill.text)': "
                        + "they are offered callers by how long they have been idle")
            }
            return .skillsBased(skill: skill.text)
        default:
            let known = ["ring-all", "longest-idle", "fewest-calls", "round-robin", "random", "skills"]
            error(at: word.location, "unknown strategy '\(word.text)'" + Suggestion.hint(for: word.text, among: known))
            return nil
        }
    }

    /// A queue's handler: without `goto`, `hangup`, `repeat` or `back` the call goes on
    /// after its `queue` step, as it does when the agent hangs up.
    /// A `callback` handler hangs up instead: the caller keeps its place off the line.
    private mutating func handler(_ syntax: ActionSyntax) -> MenuAction {
        var action = resolve(syntax)
        if syntax.transfer == nil { action.transfer = action.requestsCallback ? .hangup : .goOn }
        return action
    }

    /// The recordings every program with queues plays: announcements and an agent phone's confirmations.
    mutating func checkQueueSounds(at location: SourceLocation) -> QueueSounds? {
        var ids: [PromptID] = []
        for name in QueueSounds.names.dropLast() {
            switch lookUpPrompt(name) {
            case .found(let id):
                notePromptUse(id, at: location)
                ids.append(id)
            case .unknown:
                error(at: location, "queues need the prompt '\(name)': add it to the prompt catalogue")
            case .unusable(let reason):
                error(at: location, "queues need the prompt '\(name)', which cannot be used: \(reason)")
            }
        }
        return QueueSounds(ids)
    }

    /// An extension number: an office phone's port, numbered from 1.
    private mutating func extensionNumber(_ name: Name) -> Int? {
        guard let number = Int(name.text), number >= 1, number <= 999 else {
            error(at: name.location, "expected an extension number (1 to 999), found '\(name.text)'")
            return nil
        }
        return number
    }

    mutating func warning(at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.warning, at: location, message))
    }
}
