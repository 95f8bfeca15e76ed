import Testing

/// 32 callers at once on a 32-port board, each on its own path.
@Suite struct ConcurrentCallersTests {
    @Test func thirtyTwoCallersEachFollowTheirOwnPath() throws {
        let harness = try ScenarioHarness(menuSource: CallFlowTests.menu, ports: 32)
        let plans: [(keys: String, script: String, path: [String], disposition: String)] = (1...32).map { caller in
            switch caller % 4 {
            case 0:
                return ("1#", """
                    call \(caller) from 555\(1000 + caller)
                    wait \(Double(caller % 7) * 0.3)
                    expect main-options within 12
                    press 1
                    expect sales within 3
                    press #
                    expect welcome within 3
                    hangup
                    """, ["main", "sales", "main"], "caller hung up")
            case 1:
                return ("2", """
                    call \(caller)
                    expect main-options within 12
                    press 2
                    expect support within 3
                    hangup
                    """, ["main", "support"], "caller hung up")
            case 2:
                return ("9", """
                    call \(caller)
                    expect main-options within 12
                    press 9
                    expect goodbye within 3
                    expect hangup
                    """, ["main"], "menu hung up")
            default:
                return ("10", """
                    call \(caller)
                    expect welcome within 12
                    press 1
                    expect sales within 3
                    press 0
                    expect goodbye within 3
                    expect hangup
                    """, ["main", "sales"], "menu hung up")
            }
        }
        let outcome = try harness.run(plans.map(\.script))
        #expect(outcome.succeeded, "\(outcome.report)")

        let calls = try harness.storedCalls()
        #expect(calls.count == 32)
        for (index, plan) in plans.enumerated() {
            let port = index + 1
            guard let call = calls.first(where: { $0.port == port }) else {
                Issue.record("no call row for port \(port)")
                continue
            }
            #expect(call.keys == plan.keys, "port \(port)")
            #expect(call.menuPath == plan.path, "port \(port)")
            #expect(call.disposition.rawValue == plan.disposition, "port \(port)")
            #expect(call.callerNumber == (port % 4 == 0 ? "555\(1000 + port)" : nil), "port \(port)")
        }
    }
}
