import AttendantSyntax

/// `queue NAME { ... }` and `agent N skills ...`: the call centre's part of a menu file.
extension MenuParser {
    mutating func parseQueue() throws(Diagnostic) -> QueueSyntax {
        let name = try stream.expectWord("a queue name")
        var queue = QueueSyntax(name: name)
        parseBlock(of: "queue", named: name, into: &queue) { parser, queue throws(Diagnostic) in
            try parser.parseQueueStatement(into: &queue)
        }
        return queue
    }

    mutating func parseQueueStatement(into queue: inout QueueSyntax) throws(Diagnostic) {
        let keyword = stream.current
        let location = stream.location
        stream.advance()
        switch keyword.word {
        case "agents":
            queue.agentsLocation = location
            queue.agents = [try stream.expectWord("an agent's extension number")]
            while stream.current.isSymbol(",") {
                stream.advance()
                queue.agents.append(try stream.expectWord("an extension number after ','"))
            }
        case "strategy":
            let word = try stream.expectWord("a strategy: ring-all, longest-idle, fewest-calls, round-robin, random or skills")
            var skill: Name?
            if word.text == "skills" { skill = try stream.expectWord("the skill the strategy ranks agents by") }
            queue.strategy = (word, skill)
        case "ring":
            queue.ringMilliseconds = try stream.expectDuration(in: 5000...120_000)
        case "wrap-up":
            queue.wrapUpMilliseconds = try stream.expectDuration(in: 0...600_000)
        case "pause":
            try expectWord("after", "after 'pause'")
            queue.pauseAfterMisses = try stream.expectInteger("a number of missed offers", in: 1...99)
            try expectWord("missed", "after the number of offers")
        case "announce":
            if stream.current.isWord("never") {
                stream.advance()
                queue.announceMilliseconds = 0
            } else {
                try expectWord("every", "or 'never' after 'announce'")
                queue.announceMilliseconds = try stream.expectDuration(in: 10_000...600_000)
            }
        case "music":
            queue.music = try stream.expectWord("the prompt callers hear while they wait")
        case "max-wait":
            queue.maxWaitMilliseconds = try stream.expectDuration(in: 10_000...7_200_000)
        case "max-callers":
            queue.maxCallers = try stream.expectInteger("the most callers that may wait", in: 1...100_000)
        case "number":
            queue.number = try stream.expectWord("the number an agent dials after a hook flash to put a caller in this queue")
        case "hours":
            queue.hours = try stream.expectWord("the schedule whose opening hours the queue keeps")
        case "record":
            let policy = try stream.expectWord("'always' or 'never' after 'record'")
            guard policy.text == "always" || policy.text == "never" else {
                throw Diagnostic(.error, at: policy.location, "expected 'always' or 'never' after 'record', found '\(policy.text)'")
            }
            queue.record = policy
            if stream.current.isWord("announce") {
                stream.advance()
                queue.recordAnnouncement = try stream.expectWord("the prompt that tells callers they are recorded")
            }
        case "vip":
            try expectWord("when", "after 'vip'")
            queue.vip = try parseCondition()
        case "on":
            try parseQueueHandler(into: &queue)
            return
        default:
            throw stream.error("expected 'agents', 'strategy', 'ring', 'wrap-up', 'pause', 'announce', 'music', 'max-wait', "
                               + "'max-callers', 'hours', 'number', 'record', 'vip' or 'on' in queue '\(queue.name.text)', found \(keyword.quoted)", at: keyword)
        }
        try stream.expectEndOfStatement()
    }

    private mutating func parseQueueHandler(into queue: inout QueueSyntax) throws(Diagnostic) {
        let trigger = stream.current
        let location = stream.location
        var key: DTMFKey?
        switch trigger.kind {
        case .symbol(let symbol) where symbol == "*" || symbol == "#":
            key = DTMFKey(character: symbol)
        case .word(let text) where ["timeout", "full", "no-agents", "closed"].contains(text):
            break
        case .word(let text) where text.count == 1 && DTMFKey(character: Character(text)) != nil && !text.first!.isLowercase:
            key = DTMFKey(character: Character(text))
        default:
            throw stream.error("expected a key (0-9, *, #, A-D), 'timeout', 'full', 'no-agents' or 'closed' after 'on', found \(trigger.quoted)")
        }
        stream.advance()
        try stream.expectSymbol(":", "after \(trigger.quoted)")
        let action = try parseAction(allowIgnore: false)
        try stream.expectEndOfStatement()
        if let key {
            queue.keys.append((key, location, action))
        } else {
            switch trigger.word {
            case "timeout": queue.onTimeout = action
            case "full": queue.onFull = action
            case "closed": queue.onClosed = action
            default: queue.onNoAgents = action
            }
        }
    }

    /// `agent 2`, `agent 2 skills billing 5, english 9` (levels 1 to 10), `agent 7 mobile 5559876`,
    /// `agent 4 record always|on-demand|never`; the clauses in any order, each once.
    mutating func parseAgent() throws(Diagnostic) -> AgentSyntax {
        var agent = AgentSyntax(number: try stream.expectWord("the agent's extension number"))
        var seen: Set<String> = []
        while case .word(let clause) = stream.current.kind, ["mobile", "skills", "record"].contains(clause) {
            guard seen.insert(clause).inserted else {
                throw stream.error("'\(clause)' is given twice for agent \(agent.number.text)")
            }
            stream.advance()
            switch clause {
            case "mobile":
                agent.mobile = try stream.expectWord("the phone number the agent is called on")
            case "record":
                let policy = try stream.expectWord("'always', 'on-demand' or 'never' after 'record'")
                guard AgentRecordingPolicy(rawValue: policy.text) != nil else {
                    throw Diagnostic(.error, at: policy.location,
                                     "expected 'always', 'on-demand' or 'never' after 'record', found '\(policy.text)'")
                }
                agent.record = policy
            default:
                repeat {
                    if stream.current.isSymbol(",") { stream.advance() }
                    let skill = try stream.expectWord("a skill name")
                    let level = try stream.expectInteger("a skill level", in: 1...10)
                    agent.skills.append((skill, level))
                } while stream.current.isSymbol(",")
            }
        }
        try stream.expectEndOfStatement()
        return agent
    }

    private mutating func expectWord(_ word: String, _ context: String) throws(Diagnostic) {
        guard stream.current.isWord(word) else { throw stream.error("expected '\(word)' \(context), found \(stream.current.quoted)") }
        stream.advance()
    }
}
