import AttendantConsole
import AttendantRuntime
import Foundation
import Atomics
import Testing

/// The console's `show board` and `reboot` (the board image's).
@Suite struct BoardCommandsTests {
    private func live() throws -> (LiveAppliance, ScenarioHarness) {
        let harness = try ScenarioHarness()
        let live = LiveAppliance(appliance: harness.appliance, database: harness.database, recogniser: harness.recogniser,
                                 notify: { _ in })
        return (live, harness)
    }

    @Test func showBoardPrintsWhatTheRunKnowsOfItsBoard() throws {
        let (live, _) = try live()
        let console = ConsoleCommands(backend: live)
        #expect(console.execute("show board").text == "no board information")
        live.boardReport = { ["board file b.board: 'Test'", "GPIO chip gpiochip0"] }
        #expect(console.execute("show board").text == "board file b.board: 'Test'\nGPIO chip gpiochip0")
        let viewer = ConsoleCommands(backend: live, operator: ConsoleOperator(name: "v", role: .viewer, console: "test"))
        #expect(viewer.execute("show board").text.hasPrefix("board file"), "a viewer may look")
    }

    @Test func rebootAsksFirstAndRebootsOnlyOnYes() throws {
        let (live, _) = try live()
        let reboots = ManagedAtomic(0)
        live.rebooter = {
            reboots.wrappingIncrement(ordering: .relaxed)
            return ["rebooting"]
        }
        let console = ConsoleCommands(backend: live)
        #expect(console.execute("reboot").text == "")
        #expect(console.prompt == "reboot the board? (yes/no) ")
        #expect(reboots.load(ordering: .relaxed) == 0, "not before the answer")
        #expect(console.execute("no").text == "reboot: cancelled")
        #expect(console.prompt == "attendant> ")
        _ = console.execute("reboot")
        #expect(console.execute("show calls").text == "reboot: cancelled", "anything but yes cancels, and is not run")
        #expect(reboots.load(ordering: .relaxed) == 0)
        _ = console.execute("reboot")
        #expect(console.execute("yes").text == "rebooting")
        #expect(reboots.load(ordering: .relaxed) == 1)
        #expect(console.prompt == "attendant> ")
        #expect(console.execute("reboot now").text.hasPrefix("error: usage"), "\(console.execute("reboot now").text)")
    }

    @Test func rebootIsForAdminsAndForRunsThatCanReboot() throws {
        let (live, _) = try live()
        let supervisor = ConsoleCommands(backend: live, operator: ConsoleOperator(name: "s", role: .supervisor, console: "test"))
        #expect(supervisor.execute("reboot").text == "error: 'reboot' needs the admin role; s is a supervisor")
        #expect(supervisor.prompt == "attendant> ")
        let admin = ConsoleCommands(backend: live)
        _ = admin.execute("reboot")
        #expect(admin.execute("yes").text == "error: the board image reboots; this run does not (run --rebooter)")
    }
}
