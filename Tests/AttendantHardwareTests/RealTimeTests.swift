import AttendantHardware
import Testing

@Suite struct RealTimeTests {
    @Test func refusalsComeBackAsSentencesAndTheThreadRunsOn() {
        // No such priority and no such CPU: both refused, whatever the process may do.
        let refusals = RealTime.promoteCurrentThread(priority: 1000, cpu: 4096)
        #expect(refusals.count == 2, "\(refusals)")
        #expect(refusals.first?.hasPrefix("media thread runs without real-time priority (SCHED_FIFO 1000: Invalid argument)") == true)
        #expect(refusals.last == "media thread not pinned to CPU 4096: Invalid argument")
    }
}
