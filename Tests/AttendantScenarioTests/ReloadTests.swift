import AttendantConsole
import AttendantControl
import AttendantEngine
import AttendantPrompts
import AttendantSimulation
import AttendantStore
import Foundation
import Testing

/// Hot reload: calls in progress finish on the program they were answered with, new
/// calls take the new one, the records say which; a broken configuration changes nothing.
@Suite struct ReloadTests {
    static let first = """
        entry main
        menu main {
            play welcome
            on 1: goto sales
        }
        menu sales {
            play sales
        }
        """
    static let second = first.replacingOccurrences(of: "play welcome", with: "play welcome, main-options")

    @Test func callsInProgressKeepTheirVersionAndNewCallsTakeTheNewOne() throws {
        let harness = try ScenarioHarness(menuSource: Self.first, ports: 12)
        let old = harness.appliance.currentProgram.version
        let callers = (0..<12).map { DemoCaller(port: $0) }
        for port in 0..<10 { #expect(harness.board.placeCall(toPort: port, from: callers[port], callerNumber: "555000\(port)")) }
        harness.step(500)  // two rings and an answer
        #expect(harness.appliance.engine.activeCalls == 10)

        let catalogue = try MenuLoader.loadCatalogue(Repository.catalogue)
        let newer = ExecutableProgram(try MenuLoader.compile(source: Self.second, file: "test.menu", catalogue: catalogue))
        #expect(newer.version != old)
        harness.appliance.install(newer)
        for port in 10..<12 { #expect(harness.board.placeCall(toPort: port, from: callers[port])) }
        harness.step(500)
        #expect(harness.appliance.engine.activeCalls == 12)
        for port in 0..<12 { harness.board.hangUp(port: port) }
        harness.step(100)

        let calls = try harness.storedCalls().sorted { $0.port < $1.port }
        try #require(calls.count == 12, "\(calls)")
        #expect(calls[0..<10].allSatisfy { $0.menuVersion == old }, "\(calls.map(\.menuVersion))")
        #expect(calls[10..<12].allSatisfy { $0.menuVersion == newer.version }, "\(calls.map(\.menuVersion))")
        #expect(calls.allSatisfy { $0.disposition == .callerHungUp })
    }

    @Test func aBrokenReloadIsRefusedWithItsErrorsAndTheRunningVersionStays() throws {
        let harness = try ScenarioHarness(menuSource: Self.first)
        let running = harness.appliance.currentProgram.version
        let catalogue = try MenuLoader.loadCatalogue(Repository.catalogue)
        nonisolated(unsafe) var source = Self.first.replacingOccurrences(of: "goto sales", with: "goto sale")
        let live = LiveAppliance(appliance: harness.appliance, database: harness.database, recogniser: harness.recogniser,
                                 compile: { try MenuLoader.compile(source: source, file: "office.menu", catalogue: catalogue) },
                                 notify: { _ in })
        let refused = live.reload()
        #expect(refused.contains("refused") && refused.contains("office.menu:4:16: error: unknown menu 'sale' (did you mean 'sales'?)"), "\(refused)")
        #expect(harness.appliance.currentProgram.version == running)
        #expect(harness.appliance.programs.count == 1)

        source = Self.second
        let taken = live.reload()
        #expect(taken.contains("reloaded: version"), "\(taken)")
        #expect(harness.appliance.currentProgram.version != running)
        #expect(live.reload().hasPrefix("unchanged"))
    }
}
