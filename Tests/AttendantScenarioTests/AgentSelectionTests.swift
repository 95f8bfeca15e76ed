import AttendantMenu
import Foundation
import Testing

/// Each queue strategy offers a caller to the agent it promises first.
@Suite struct AgentSelectionTests {
    static let nine = Date(timeIntervalSince1970: 1_767_258_000)
    /// Agent 5 idle since 9:10 with 3 calls; 6 since 9:02 with 7; 7 since 9:15 with 1; 8 never called.
    static let agents = [
        AgentCandidate(agent: 5, lastCallEndedAt: nine + 600, callsToday: 3, skills: ["ru": 5]),
        AgentCandidate(agent: 6, lastCallEndedAt: nine + 120, callsToday: 7, skills: ["ru": 9]),
        AgentCandidate(agent: 7, lastCallEndedAt: nine + 900, callsToday: 1, skills: ["ru": 9]),
        AgentCandidate(agent: 8, lastCallEndedAt: nil, callsToday: 0),
    ]

    func order(_ strategy: QueueStrategy, after memory: Int? = nil, seed: UInt64 = 1) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        return strategy.order(Self.agents, after: memory, using: &generator).map(\.agent)
    }

    @Test func ringAllOffersEveryoneAtOnce() {
        #expect(order(.ringAll) == [5, 6, 7, 8])
        #expect(QueueStrategy.ringAll.ringsTogether && !QueueStrategy.longestIdle.ringsTogether)
    }

    @Test func longestIdleFirst() {
        #expect(order(.longestIdle) == [8, 6, 5, 7])
    }

    @Test func fewestCallsFirst() {
        #expect(order(.fewestCalls) == [8, 7, 5, 6])
    }

    @Test func roundRobinContinuesAfterTheLastAgentOfferedAndWraps() {
        #expect(order(.roundRobin) == [5, 6, 7, 8])
        #expect(order(.roundRobin, after: 6) == [7, 8, 5, 6])
        #expect(order(.roundRobin, after: 8) == [5, 6, 7, 8])
    }

    @Test func skillsBasedTakesTheBestLevelThenTheLongestIdle() {
        // 6 and 7 both speak Russian at 9: 6 has been idle longer.
        #expect(order(.skillsBased(skill: "ru")) == [6, 7, 5, 8])
    }

    @Test func randomIsAPermutationAndRepeatsWithItsSeed() {
        let first = order(.random, seed: 42)
        #expect(first.sorted() == [5, 6, 7, 8])
        #expect(order(.random, seed: 42) == first)
        #expect((1...20).contains { order(.random, seed: UInt64($0)) != first }, "other seeds give other orders")
    }
}
