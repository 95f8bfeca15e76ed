import Foundation

/// What the control side knows of an agent when a caller is to be offered to one.
public struct AgentCandidate: Sendable, Equatable {
    /// The agent's extension (the office phone's port, numbered as on the front panel).
    public var agent: Int
    /// When the agent's last call ended; nil if none yet today (idle the longest).
    public var lastCallEndedAt: Date?
    public var callsToday: Int
    /// Skill levels by skill name, 1 (some) to 10 (expert).
    public var skills: [String: Int]

    public init(agent: Int, lastCallEndedAt: Date? = nil, callsToday: Int = 0, skills: [String: Int] = [:]) {
        self.agent = agent
        self.lastCallEndedAt = lastCallEndedAt
        self.callsToday = callsToday
        self.skills = skills
    }
}

/// How a queue picks among its available agents: the order in which they are offered
/// the caller (the next one rings when one does not answer).
///
/// ```swift
/// var strategy = QueueStrategy.longestIdle
/// strategy.order([a, b, c])   // b (idle since 9:02), a (9:10), c (9:15)
/// ```
public enum QueueStrategy: Sendable, Equatable, CustomStringConvertible {
    /// Every available agent rings at once.
    case ringAll
    /// The agent whose last call ended longest ago first.
    case longestIdle
    /// The agent with the fewest calls today first, then the longest idle.
    case fewestCalls
    /// In turn, starting after the agent offered last time.
    case roundRobin
    /// In a random order, from a seeded generator (repeatable in simulations).
    case random
    /// The highest level of `skill` first, then the longest idle; agents without it last.
    case skillsBased(skill: String)

    /// The candidates in the order they are offered the caller. `memory` is the last
    /// agent offered by this queue (round robin); `random` draws from `generator`.
    public func order(_ candidates: [AgentCandidate], after memory: Int? = nil,
                      using generator: inout some RandomNumberGenerator) -> [AgentCandidate] {
        switch self {
        case .ringAll:
            return candidates
        case .longestIdle:
            return candidates.sorted(by: Self.idleLonger)
        case .fewestCalls:
            return candidates.sorted { a, b in
                a.callsToday != b.callsToday ? a.callsToday < b.callsToday : Self.idleLonger(a, b)
            }
        case .roundRobin:
            let sorted = candidates.sorted { $0.agent < $1.agent }
            guard let memory, let next = sorted.firstIndex(where: { $0.agent > memory }) else { return sorted }
            return Array(sorted[next...] + sorted[..<next])
        case .random:
            return candidates.shuffled(using: &generator)
        case .skillsBased(let skill):
            return candidates.sorted { a, b in
                let (levelA, levelB) = (a.skills[skill] ?? 0, b.skills[skill] ?? 0)
                return levelA != levelB ? levelA > levelB : Self.idleLonger(a, b)
            }
        }
    }

    /// As written in a menu file: `longest-idle`, `skills billing`.
    public var description: String {
        switch self {
        case .ringAll: "ring-all"
        case .longestIdle: "longest-idle"
        case .fewestCalls: "fewest-calls"
        case .roundRobin: "round-robin"
        case .random: "random"
        case .skillsBased(let skill): "skills \(skill)"
        }
    }

    /// Whether the strategy rings its agents together rather than one after another.
    public var ringsTogether: Bool { self == .ringAll }

    private static func idleLonger(_ a: AgentCandidate, _ b: AgentCandidate) -> Bool {
        rank(idle: a) < rank(idle: b)
    }

    /// Never called first, then by when the last call ended; the extension breaks ties.
    private static func rank(idle candidate: AgentCandidate) -> (Double, Int) {
        (candidate.lastCallEndedAt?.timeIntervalSinceReferenceDate ?? -.infinity, candidate.agent)
    }
}

/// SplitMix64: a small seeded generator, so that `random` offers repeat exactly in simulations.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
