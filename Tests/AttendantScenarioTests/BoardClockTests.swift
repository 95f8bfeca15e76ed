import AttendantConsole
import AttendantControl
import AttendantSimulation
import Foundation
import Testing

/// The board's clock: `set time` on the console, and call times that follow the
/// machine's clock while call lengths keep counting frames.
@Suite struct BoardClockTests {
    @Test func theFrameClockFollowsTheMachinesClockOnlyWhenItMovedMoreThanTheTolerance() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = FrameClock(epoch: start)
        #expect(clock.date(atFrame: 500) == start.addingTimeInterval(10))
        // The audio clock ran 0.4 s slow against the machine's: within the tolerance, kept.
        #expect(clock.follow(frame: 500, now: start.addingTimeInterval(10.4)) == 0)
        #expect(clock.date(atFrame: 500) == start.addingTimeInterval(10))
        // The clock was set a day ahead: dates from that frame on count from it.
        let step = clock.follow(frame: 1000, now: start.addingTimeInterval(20 + 86400))
        #expect(abs(step - 86400) < 0.001)
        #expect(clock.date(atFrame: 1050) == start.addingTimeInterval(21 + 86400))
    }

    @Test func aCallsLengthCountsFramesWhenTheClockIsSetDuringIt() throws {
        let harness = try ScenarioHarness(menuSource: CallFlowTests.menu, ports: 1)
        let caller = ListeningCaller(expectedSeconds: 60)
        harness.board.placeCall(toPort: 0, from: caller, callerNumber: "5551234")
        harness.step(500)
        #expect(harness.appliance.tracker.hasAnsweredCalls)
        // The board booted without a real-time clock; the administrator sets it an hour on.
        harness.appliance.clock.follow(frame: harness.appliance.engine.frame,
                                       now: harness.appliance.clock.date(atFrame: harness.appliance.engine.frame).addingTimeInterval(3600))
        harness.step(250)
        harness.board.hangUp(port: 0)
        harness.step(100)
        let call = try #require(try harness.storedCalls().first)
        let answered = try #require(call.answeredAt)
        #expect(call.durationSeconds > 5 && call.durationSeconds < 17, "\(call.durationSeconds) s: 17 s of frames at most, not the clock's hour")
        #expect(call.endedAt.timeIntervalSince(answered) > 3600, "the end is stamped on the set clock")
    }

    @Test func setTimeRunsTheClockSetterWithTheInstantTypedAndOnlyForAnAdmin() throws {
        let office = try ConsoleOffice()
        let folder = NSTemporaryDirectory() + "attendant-clock-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let received = folder + "/argument"
        let script = folder + "/set-time"
        try "#!/bin/sh\nprintf '%s' \"$1\" > '\(received)'\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        office.live.clockSetter = { date in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: script)
            process.arguments = ["@\(Int(date.timeIntervalSince1970))"]
            do { try process.run() } catch { return ["\(error)"] }
            process.waitUntilExit()
            return process.terminationStatus == 0 ? [] : ["exit status \(process.terminationStatus)"]
        }
        try office.addUser("alice", .admin)
        try office.addUser("victor", .viewer)
        let viewer = try office.session(as: "victor")
        #expect(viewer.type("set time 2026-12-01 09:30 UTC\r").contains("needs the admin role"))
        // Without a setter the console says so, and what time the board keeps.
        let setter = office.live.clockSetter
        office.live.clockSetter = nil
        let unset = try office.session(as: "alice").type("set time 2026-12-01 09:30 UTC\r")
        #expect(unset.contains("error: this run does not set the machine's clock") && unset.contains("the board's clock is now"), "\(unset)")
        office.live.clockSetter = setter
        #expect(!FileManager.default.fileExists(atPath: received))
        #expect(viewer.type("show time\r").contains("(\(TimeZone.current.identifier), UTC"))

        let admin = try office.session(as: "alice")
        let reply = admin.type("set time 2026-12-01 09:30 UTC\r")
        #expect(reply.contains("the board's clock is now"), "\(reply)")
        // 2026-12-01 09:30:00 UTC
        #expect(try String(contentsOfFile: received, encoding: .utf8) == "@1796117400")
        for bad in ["set time 2026-02-30 10:00", "set time 1999-01-01 10:00", "set time tomorrow", "set time 2026-12-01 25:00 UTC"] {
            #expect(admin.type(bad + "\r").contains("error: usage: set time YYYY-MM-DD HH:MM[:SS] [UTC]"), "\(bad)")
        }
        // Local time is the board's zone.
        let local = try #require(ConsoleCommands.clockDate(["2026-07-01", "12:00:30"], zone: TimeZone(identifier: "Europe/Berlin")!))
        #expect(local.timeIntervalSince1970 == 1_782_900_030)
    }
}
