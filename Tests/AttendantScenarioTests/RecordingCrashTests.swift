import AttendantRecorder
import AttendantStore
import Foundation
import Testing

/// A recording cut by kill -9 of the real binary: the file plays up to at most a second
/// before the kill as it is, and after the next start it is repaired and its row says `cut`.
@Suite struct RecordingCrashTests {
    typealias Session = RunCommandTests.Session

    @Test func aRecordingCutByKillNinePlaysToWithinASecondOfTheKillAndItsRowIsMarkedCut() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-rec-crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("calls.sqlite").path
        let folder = directory.appendingPathComponent("recordings").path
        let arguments = ["run", "--database", path, "--recordings", folder]

        let first = try Session(arguments: arguments)
        #expect(first.waitFor("Attendant is answering", seconds: 30), "\(first.transcript)")
        first.type("sim call 1 5551001")
        #expect(first.waitFor("port 1: caller hears 'welcome'", seconds: 20), "\(first.transcript)")
        first.type("record 1")
        #expect(first.waitFor("port 1: recording", seconds: 5), "\(first.transcript)")
        let startedAt = Date()
        Thread.sleep(forTimeInterval: 4.5)
        let killedAt = Date()
        kill(first.process.processIdentifier, SIGKILL)
        #expect(first.waitForExit(seconds: 10))
        first.finish()
        let recorded = killedAt.timeIntervalSince(startedAt)

        let left = try AttendantDatabase(path: path).recordings()
        let row = try #require(left.first, "the recording's row was written when it began")
        #expect(left.count == 1 && row.state == .recording, "\(left)")
        let format = try #require(RecordingFormat(name: row.format))
        #expect(format == RecordingFormat(encoding: .imaADPCM, layout: .stereo), "the default on flash")
        // As the kill left it, before any repair: what a player plays from its header.
        let asLeft = try RecordingReader.read(path: row.path, format: format)
        let asLeftSeconds = Double(asLeft.channels[0].count) / 8000
        #expect(asLeftSeconds >= recorded - 1.0 - 0.3, "plays \(asLeftSeconds) s of \(recorded) s recorded before the kill")
        #expect(asLeftSeconds <= recorded + 0.3, "\(asLeftSeconds) s")

        let second = try Session(arguments: arguments)
        defer { second.finish() }
        #expect(second.waitFor("repaired 1 recording(s) cut by an earlier run", seconds: 30), "\(second.transcript)")
        second.type("show recordings")
        #expect(second.waitFor(" cut ", seconds: 10), "\(second.transcript)")
        let exported = directory.appendingPathComponent("exported.wav").path
        second.type("recording export \(row.id!) \(exported)")
        #expect(second.waitFor("recording \(row.id!) exported to \(exported)", seconds: 10), "\(second.transcript)")
        second.type("quit")
        #expect(second.waitForExit(seconds: 20))
        #expect(second.process.terminationStatus == 0)

        let database = try AttendantDatabase(path: path)
        #expect(try database.integrityCheck() == "ok")
        let repaired = try #require(try database.recordings().first)
        #expect(repaired.state == .cut)
        #expect(repaired.durationSeconds >= recorded - 1.0 - 0.3 && repaired.durationSeconds <= recorded + 0.3,
                "\(repaired.durationSeconds) s of \(recorded) s")
        #expect(repaired.sha256 == (try RecordingRepair.sha256(ofFileAt: repaired.path)))
        #expect(try RecordingRepair.sha256(ofFileAt: exported) == repaired.sha256, "the export is the file")
        let size = try FileManager.default.attributesOfItem(atPath: repaired.path)[.size] as! Int
        #expect(Int64(size) == repaired.sizeBytes)
        // sox, an independent player, opens the repaired file and plays all of it.
        let sox = Process()
        sox.executableURL = URL(fileURLWithPath: "/usr/bin/sox")
        sox.arguments = ["--info", "-s", repaired.path]
        let pipe = Pipe()
        sox.standardOutput = pipe
        try sox.run()
        sox.waitUntilExit()
        #expect(sox.terminationStatus == 0)
        let samples = Int(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        #expect(samples >= Int(repaired.durationSeconds * 8000), "sox counts \(samples) samples")

        let third = try Session(arguments: arguments)
        defer { third.finish() }
        #expect(third.waitFor("Attendant is answering", seconds: 30), "\(third.transcript)")
        third.type("recording delete \(row.id!)")
        #expect(third.waitFor("recording \(row.id!) deleted", seconds: 10), "\(third.transcript)")
        third.type("show recordings")
        #expect(third.waitFor("no recordings", seconds: 10), "\(third.transcript)")
        third.type("quit")
        #expect(third.waitForExit(seconds: 20))
        #expect(!FileManager.default.fileExists(atPath: repaired.path))
        #expect(try AttendantDatabase(path: path).recordings().isEmpty)
    }
}
