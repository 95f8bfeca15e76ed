import AttendantControl
import AttendantRecorder
import AttendantSimulation
import AttendantStore
import Foundation
import Testing

/// A real, small file system (a 1 MiB tmpfs, so root only) that fills up: the recording
/// in progress stops where the flash ran out and its row says so, a new one is refused
/// with a reason, and both calls go on as if nothing happened. It runs where a tmpfs can
/// be mounted (root, with mount(8) and the capability): not in every container or chroot.
@Suite(.serialized, .enabled(if: TmpfsProbe.canMount, "mounting a size-limited tmpfs needs root, mount(8) and CAP_SYS_ADMIN"))
struct FullFlashTests {
    @Test func aFullFlashStopsAndRefusesRecordingsWhileCallsGoOn() throws {
        let mount = NSTemporaryDirectory() + "attendant-flash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        #expect(Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mount]) == 0)
        defer {
            _ = Self.run("/bin/umount", [mount])
            try? FileManager.default.removeItem(atPath: mount)
        }
        // 16-bit stereo takes 32 kB a second: the 1 MiB flash is full in about 30 s.
        let harness = try ScenarioHarness(menuSource: RecordingScenarioTests.menu)
        let writer = harness.writer
        let recorder = Recorder(tap: harness.appliance.engine.recordingTap,
                                settings: RecorderSettings(directory: mount, format: RecordingFormat(encoding: .linear16),
                                                           minFreeBytes: 64 * 1024),
                                finished: { writer.submit($0) })
        harness.appliance.recorder = recorder
        let outcome = try harness.run([
            """
            call 1 from 5551111
            expect welcome within 8
            press 7
            expect thank-you within 6
            wait 40
            press 1
            expect sales within 4
            hangup
            """,
            """
            call 2 from 5552222
            expect welcome within 8
            wait 40
            press 7
            expect thank-you within 6
            press 2
            expect support within 4
            hangup
            """,
        ], beforeFrame: { frame in if frame % 10 == 0 { recorder.pump() } })
        #expect(outcome.succeeded, "calls go on: \(outcome.report)")
        recorder.stop()
        writer.flush()

        let statistics = recorder.statistics
        #expect(statistics.failed == 1, "the recording that met the full flash: \(statistics)")
        #expect(statistics.refused.keys.contains { $0.hasPrefix("disk full") }, "\(statistics.refused)")
        let rows = try harness.database.recordings()
        let row = try #require(rows.first)
        #expect(rows.count == 1, "a refused recording has no row: \(rows)")
        #expect(row.state == .cut && row.caller == "5551111", "\(row)")
        #expect(row.durationSeconds > 20 && row.durationSeconds < 40, "what fit: \(row.durationSeconds) s")
        #expect(row.sha256 == (try RecordingRepair.sha256(ofFileAt: row.path)))
        let audio = try RecordingReader.read(path: row.path, format: RecordingFormat(name: row.format)!)
        #expect(abs(Double(audio.channels[0].count) / 8000 - row.durationSeconds) < 0.01, "playable up to the cut")
        let calls = try harness.storedCalls()
        #expect(calls.count == 2 && calls.allSatisfy { $0.disposition == .callerHungUp }, "\(calls)")
    }

    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Whether this machine lets us mount (and unmount) a small tmpfs at all.
enum TmpfsProbe {
    static let canMount: Bool = {
        guard getuid() == 0 else { return false }
        let probe = NSTemporaryDirectory() + "attendant-mount-probe-\(UUID().uuidString)"
        guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard FullFlashTests.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]) == 0 else { return false }
        return FullFlashTests.run("/bin/umount", [probe]) == 0
    }()
}
