import AttendantConsole
import AttendantRuntime
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
        harness.step(100)
        #expect(harness.appliance.programs.count == 2, "calls still run on the old program")
        for port in 10..<12 { #expect(harness.board.placeCall(toPort: port, from: callers[port])) }
        harness.step(500)
        #expect(harness.appliance.engine.activeCalls == 12)
        for port in 0..<12 { harness.board.hangUp(port: port) }
        harness.step(100)

        #expect(harness.appliance.programs.map(\.version) == [newer.version], "the old program went with its last call")
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

    @Test func theConsoleOverridesAScheduleAndShowsEachCallsVersion() throws {
        let menu = """
            schedule office {
                timezone "America/New_York"
                mon-fri 09:00-17:00
            }
            entry main
            menu main {
                when office is closed: play closed; hangup
                play welcome
            }
            """
        let zone = "America/New_York"
        let harness = try ScenarioHarness(menuSource: menu, start: ScenarioHarness.instant("2026-03-09 10:00", zone))
        let live = LiveAppliance(appliance: harness.appliance, database: harness.database, recogniser: harness.recogniser,
                                 notify: { _ in })
        let console = ConsoleCommands(backend: live)
        #expect(console.execute("schedule office closed until 14:00").text == "schedule office: closed until 14:00")
        #expect(harness.appliance.scheduleOverrides["office"]?.until == ScenarioHarness.instant("2026-03-09 14:00", zone))
        var outcome = try harness.run(["call 1 from 5551234\nexpect closed within 8\nexpect hangup within 8"])
        #expect(outcome.succeeded, "\(outcome.report)")

        #expect(console.execute("schedule office auto").text == "schedule office: following its hours")
        outcome = try harness.run(["call 2 from 5551234\nexpect welcome within 8"])
        #expect(outcome.succeeded, "\(outcome.report)")
        let channels = console.execute("show channels").text
        let version = String(harness.appliance.currentProgram.version, radix: 16)
        #expect(channels.contains("VERSION") && channels.split(separator: "\n")[2].contains(version), "\(channels)")

        #expect(console.execute("schedule ofice open").text == "error: no schedule 'ofice' (schedules: office)")
        #expect(console.execute("schedule office maybe").text.hasPrefix("error: usage: schedule NAME"))
    }
}
