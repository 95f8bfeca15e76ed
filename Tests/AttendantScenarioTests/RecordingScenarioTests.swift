import AttendantControl
import AttendantDSP
import AttendantEngine
import AttendantRecorder
import AttendantSimulation
import AttendantStore
import Foundation
import Testing

/// Calls recorded on the simulated board: the caller presses the key whose action is
/// `record`, is bridged to a second caller, and each says a different recording; the
/// file's left channel must carry what the first caller sent, the right what the second did.
@Suite(.serialized) struct RecordingScenarioTests {
    static let menu = """
        entry main
        menu main {
            play welcome
            wait 20s
            on 7: record; play thank-you
            on 1: play sales
            on 2: play support
        }
        """

    /// Best normalised correlation of `needle` against `haystack` over every lag, and the
    /// gain `needle` has there: the far end's line echoes what it hears, so a party's
    /// channel carries the other's words too, well correlated but much weaker.
    static func bestMatch(of needle: [Int16], in haystack: [Int16]) -> (correlation: Double, gain: Double) {
        let n = min(needle.count, 4000)
        guard haystack.count > n else { return (0, 0) }
        var needleEnergy = 0.0
        for index in 0..<n { needleEnergy += Double(needle[index]) * Double(needle[index]) }
        return needle.withUnsafeBufferPointer { a in
            haystack.withUnsafeBufferPointer { b in
                var best = 0.0, gain = 0.0
                var windowEnergy = 0.0
                for index in 0..<n { windowEnergy += Double(b[index]) * Double(b[index]) }
                var lag = 0
                while lag + n < b.count {
                    if windowEnergy > 1 {
                        var dot = 0.0
                        var index = 0
                        while index < n {
                            dot += Double(a[index]) * Double(b[lag + index])
                            index += 2  // every other sample: plenty at 8 kHz for speech, twice as quick
                        }
                        let correlation = 2 * dot / (needleEnergy * windowEnergy).squareRoot()
                        if correlation > best { (best, gain) = (correlation, 2 * dot / needleEnergy) }
                    }
                    windowEnergy += Double(b[lag + n]) * Double(b[lag + n]) - Double(b[lag]) * Double(b[lag])
                    lag += 1
                }
                return (best, gain)
            }
        }
    }

    @Test func eachChannelOfARecordedBridgeCarriesWhatItsPartySent() throws {
        let harness = try ScenarioHarness(menuSource: Self.menu)
        let folder = NSTemporaryDirectory() + "attendant-scenario-rec-\(UUID().uuidString)"
        let writer = harness.writer
        let recorder = Recorder(tap: harness.appliance.engine.recordingTap,
                                settings: RecorderSettings(directory: folder, format: RecordingFormat(), minFreeBytes: 0),
                                finished: { writer.submit($0) })
        harness.appliance.recorder = recorder
        let outcome = try harness.run([
            """
            call 1 from 5551111
            expect welcome within 8
            press 7
            expect thank-you within 6
            wait 4
            say sales
            wait 3
            hangup
            """,
            """
            call 2 from 5552222
            expect welcome within 8
            wait 6
            say support
            wait 6
            """,
        ], beforeFrame: { frame in
            if frame == 600 { harness.appliance.bridge(0, 1) }  // 12 s: both answered, the first recorded
            if frame % 10 == 0 { recorder.pump() }
        })
        #expect(outcome.succeeded, "\(outcome.report)")
        recorder.stop()
        harness.writer.flush()
        let rows = try harness.database.recordings()
        let row = try #require(rows.first)
        #expect(rows.count == 1)
        #expect(row.state == .complete)
        #expect(row.caller == "5551111")
        #expect(row.reason == "menu")
        let calls = try harness.storedCalls()
        #expect(calls.first { $0.port == 1 }?.callID == row.callID)
        let audio = try RecordingReader.read(path: row.path, format: RecordingFormat(name: row.format)!)
        let sales = harness.loaded.prompts.samples(of: harness.promptID("sales")!).map { $0 }
        let support = harness.loaded.prompts.samples(of: harness.promptID("support")!).map { $0 }
        let leftSales = Self.bestMatch(of: sales, in: audio.channels[0])
        let leftSupport = Self.bestMatch(of: support, in: audio.channels[0])
        let rightSales = Self.bestMatch(of: sales, in: audio.channels[1])
        let rightSupport = Self.bestMatch(of: support, in: audio.channels[1])
        #expect(leftSales.correlation > 0.8, "caller 1 said 'sales': left \(leftSales)")
        #expect(rightSupport.correlation > 0.8, "caller 2 said 'support': right \(rightSupport)")
        // Each party's words are at least 10 dB stronger on its own channel than in the other's echo.
        #expect(leftSales.gain > 3 * rightSales.gain, "sales: left \(leftSales), right \(rightSales)")
        #expect(rightSupport.gain > 3 * leftSupport.gain, "support: right \(rightSupport), left \(leftSupport)")
        #expect(row.durationSeconds > 8 && row.durationSeconds < 30, "\(row.durationSeconds)")
        #expect(recorder.statistics.strayFrames == 0)
        #expect(harness.appliance.engine.recordingTap.dropped == 0)
    }
}
