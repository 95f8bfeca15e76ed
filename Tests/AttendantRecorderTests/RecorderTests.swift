import AttendantDSP
import AttendantEngine
import AttendantRecorder
import AttendantStore
import Foundation
import Testing

/// Files written through the tap and the recorder thread's code, read back and
/// compared with what went in, per format; files cut mid-write, repaired.
@Suite struct RecorderTests {
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "attendant-rec-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Two different signals: a chirp-like tone on the left, noise on the right.
    static func signals(frames: Int) -> (left: [Int16], right: [Int16]) {
        var left: [Int16] = [], right: [Int16] = []
        var seed: UInt32 = 12345
        for n in 0..<(frames * 160) {
            let t = Double(n) / 8000
            left.append(Int16(9000 * sin(2 * .pi * (300 + 200 * sin(t)) * t)))
            seed = seed &* 1_103_515_245 &+ 12345
            right.append(Int16(truncatingIfNeeded: Int32(seed >> 16) % 12000 - 6000))
        }
        return (left, right)
    }

    static func correlation(_ a: ArraySlice<Int16>, _ b: ArraySlice<Int16>) -> Double {
        var ab = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(a, b) {
            ab += Double(x) * Double(y); aa += Double(x) * Double(x); bb += Double(y) * Double(y)
        }
        return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
    }

    static func interleaved(_ channels: [[Int16]]) -> [Int16] {
        var out: [Int16] = []
        for index in 0..<channels[0].count { for channel in channels { out.append(channel[index]) } }
        return out
    }

    static func decodeWithSox(_ path: String, channels: Int) throws -> [Int16] {
        let output = NSTemporaryDirectory() + "sox-\(UUID().uuidString).raw"
        let sox = Process()
        sox.executableURL = URL(fileURLWithPath: "/usr/bin/sox")
        sox.arguments = [path, "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", output]
        try sox.run()
        sox.waitUntilExit()
        #expect(sox.terminationStatus == 0, "sox could not play \(path)")
        let data = try Data(contentsOf: URL(fileURLWithPath: output))
        try? FileManager.default.removeItem(atPath: output)
        return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }

    final class Outcomes: @unchecked Sendable {
        let lock = NSLock()
        var all: [RecordingOutcome] = []
        func add(_ outcome: RecordingOutcome) { lock.withLock { all.append(outcome) } }
    }

    @Test(arguments: RecordingEncoding.allCases, RecordingLayout.allCases)
    func eachChannelDecodesToWhatItsPartySent(encoding: RecordingEncoding, layout: RecordingLayout) throws {
        let folder = Self.folder()
        let tap = RecordingTap(capacity: 64)
        let outcomes = Outcomes()
        let format = RecordingFormat(encoding: encoding, layout: layout)
        let recorder = Recorder(tap: tap, settings: RecorderSettings(directory: folder, format: format, minFreeBytes: 0),
                                finished: outcomes.add)
        let path = folder + "/one.wav"
        #expect(recorder.begin(id: 7, path: path, kind: .menu) == nil)
        let frames = 150  // 3 s
        let (left, right) = Self.signals(frames: frames)
        for frame in 0..<frames {
            left.withUnsafeBufferPointer { l in
                right.withUnsafeBufferPointer { r in
                    #expect(tap.offer(recording: 7, left: l.baseAddress! + frame * 160, right: r.baseAddress! + frame * 160))
                }
            }
            if frame % 20 == 0 { recorder.pump() }
        }
        recorder.end(id: 7)
        recorder.stop()
        let audio = try RecordingReader.read(path: path, format: format)
        #expect(audio.channels.count == format.channels)
        #expect(audio.channels[0].count >= frames * 160)
        let n = frames * 160
        // IMA ADPCM takes a few samples to adapt its step: judge after them.
        let skip = 400
        let threshold = encoding == .imaADPCM ? 0.97 : 0.999
        if layout == .stereo {
            #expect(Self.correlation(audio.channels[0][skip..<n], left[skip..<n]) > threshold)
            #expect(Self.correlation(audio.channels[1][skip..<n], right[skip..<n]) > threshold)
            #expect(abs(Self.correlation(audio.channels[0][skip..<n], right[skip..<n])) < 0.1)
        } else {
            let mix = zip(left, right).map { Int16(clamping: Int32($0) + Int32($1)) }
            #expect(Self.correlation(audio.channels[0][skip..<n], mix[skip..<n]) > threshold)
        }
        // An independent player (sox) opens the file and hears the same samples.
        let played = try Self.decodeWithSox(path, channels: format.channels)
        #expect(played.count == audio.channels[0].count * format.channels)
        #expect(Self.correlation(played[(skip * format.channels)..<(n * format.channels)],
                                 Self.interleaved(audio.channels)[(skip * format.channels)..<(n * format.channels)]) > 0.999)
        let outcome = try #require(outcomes.all.first)
        #expect(outcome.state == .complete)
        #expect(abs(outcome.durationSeconds - Double(frames * 160) / 8000) < 0.0001)
        #expect(outcome.sha256 == (try RecordingRepair.sha256(ofFileAt: path)))
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        #expect(Int64(size) == outcome.sizeBytes)
        #expect(recorder.statistics.framesWritten == frames)
    }

    @Test func aFullTapDropsAndCountsWithoutBlocking() {
        let tap = RecordingTap(capacity: 8)
        let samples = [Int16](repeating: 1, count: 160)
        var accepted = 0
        samples.withUnsafeBufferPointer { s in
            for _ in 0..<20 where tap.offer(recording: 1, left: s.baseAddress!, right: s.baseAddress!) { accepted += 1 }
        }
        #expect(accepted == 8)
        #expect(tap.dropped == 12)
    }

    @Test func aFileCutBeforeItsCloseIsRepairedAndItsRowMarkedCut() throws {
        let folder = Self.folder()
        let database = try AttendantDatabase.inMemory()
        let format = RecordingFormat()
        let path = folder + "/cut.wav"
        try database.insert(RecordingRow(callID: "c1", caller: "5551111", otherParty: nil, reason: "menu",
                                         startedAt: Date(), format: format.name, path: path))
        // A recorder that syncs every 10 ms, abandoned with frames written but never closed.
        let tap = RecordingTap(capacity: 512)
        let recorder = Recorder(tap: tap, settings: RecorderSettings(directory: folder, format: format, syncIntervalMilliseconds: 10,
                                                                      minFreeBytes: 0), finished: { _ in })
        #expect(recorder.begin(id: 1, path: path, kind: .menu) == nil)
        let (left, right) = Self.signals(frames: 100)
        for frame in 0..<100 {
            left.withUnsafeBufferPointer { l in right.withUnsafeBufferPointer { r in
                _ = tap.offer(recording: 1, left: l.baseAddress! + frame * 160, right: r.baseAddress! + frame * 160)
            } }
        }
        recorder.pump()
        Thread.sleep(forTimeInterval: 0.02)
        recorder.pump()  // synced: the header counts the whole blocks so far
        let synced = try RecordingReader.read(path: path, format: format).channels[0].count
        #expect(synced >= 100 * 160 - IMAADPCM.samplesPerBlock)
        // A torn block at the end, as a cut mid-write leaves.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0x55, count: 100))
        try handle.close()

        #expect(try Recorder.repairCut(in: database, logger: .init(label: "test")) == 1)
        let row = try #require(try database.recordings().first)
        #expect(row.state == .cut)
        #expect(row.sha256 == (try RecordingRepair.sha256(ofFileAt: path)))
        let repaired = try RecordingReader.read(path: path, format: format)
        #expect(repaired.channels[0].count == synced)
        #expect(abs(row.durationSeconds - Double(synced) / 8000) < 0.001)
        #expect(try database.integrityCheck() == "ok")
        #expect(try Recorder.repairCut(in: database, logger: .init(label: "test")) == 0)
    }

    /// A voicemail message cut by a crash is repaired like a call recording, and its
    /// row in `voicemail_messages` marked cut with what was kept.
    @Test func aVoicemailMessageCutBeforeItsCloseIsRepaired() throws {
        let folder = Self.folder()
        let database = try AttendantDatabase.inMemory()
        let format = RecordingFormat()
        let path = folder + "/vm200-c1-r1.wav"
        try database.insert(VoicemailMessage(box: "200", callID: "c1", caller: "5551111", receivedAt: Date(),
                                             format: format.name, path: path))
        let tap = RecordingTap(capacity: 512)
        let recorder = Recorder(tap: tap, settings: RecorderSettings(directory: folder, format: format, syncIntervalMilliseconds: 10,
                                                                      minFreeBytes: 0), finished: { _ in })
        #expect(recorder.begin(id: 1, path: path, kind: .voicemail) == nil)
        let (left, right) = Self.signals(frames: 100)
        for frame in 0..<100 {
            left.withUnsafeBufferPointer { l in right.withUnsafeBufferPointer { r in
                _ = tap.offer(recording: 1, left: l.baseAddress! + frame * 160, right: r.baseAddress! + frame * 160)
            } }
        }
        recorder.pump()
        Thread.sleep(forTimeInterval: 0.02)
        recorder.pump()
        let synced = try RecordingReader.read(path: path, format: format).channels[0].count
        #expect(try Recorder.repairCut(in: database, logger: .init(label: "test")) == 1)
        let row = try #require(try database.voicemailMessages().first)
        #expect(row.state == .cut && row.folder == .new)
        #expect(abs(row.durationSeconds - Double(synced) / 8000) < 0.001 && row.durationSeconds > 1)
        #expect(row.sha256 == (try RecordingRepair.sha256(ofFileAt: path)))
        #expect(try Recorder.repairCut(in: database, logger: .init(label: "test")) == 0)
    }

    /// Voicemail has a limit of its own: a new message is refused beyond it while call
    /// recordings still begin, and rotation never deletes a message to make room.
    @Test func voicemailHasItsOwnQuotaAndIsNeverRotated() throws {
        let folder = Self.folder()
        try Data(repeating: 0, count: 6_000).write(to: URL(fileURLWithPath: folder + "/vm200-old.wav"))
        var settings = RecorderSettings(directory: folder, maxTotalBytes: 100_000, minFreeBytes: 0)
        settings.maxBytesByKind[.voicemail] = 5_000
        settings.maxAgeSeconds = 60
        let recorder = Recorder(tap: RecordingTap(capacity: 8), settings: settings, finished: { _ in })
        recorder.remember([Recorder.Stored(path: folder + "/vm200-old.wav", bytes: 6_000,
                                           startedAt: Date().addingTimeInterval(-3600), flagged: false, kind: .voicemail)])
        let refusal = try #require(recorder.begin(id: 1, path: folder + "/vm200-new.wav", kind: .voicemail))
        #expect(refusal.hasPrefix("voicemail quota"), "\(refusal)")
        #expect(recorder.begin(id: 2, path: folder + "/call-r2.wav", kind: .menu) == nil)
        // An hour old, past the age limit, yet kept: it is voicemail.
        #expect(FileManager.default.fileExists(atPath: folder + "/vm200-old.wav"))
        #expect(recorder.statistics.rotated == 0)
        recorder.stop()
    }

    @Test func aRecordingBeyondTheQuotaIsRefusedWithAReason() throws {
        let folder = Self.folder()
        try Data(repeating: 0, count: 10_000).write(to: URL(fileURLWithPath: folder + "/old.wav"))
        let recorder = Recorder(tap: RecordingTap(capacity: 8),
                                settings: RecorderSettings(directory: folder, maxTotalBytes: 5_000, minFreeBytes: 0), finished: { _ in })
        let reason = try #require(recorder.begin(id: 1, path: folder + "/new.wav", kind: .menu))
        #expect(reason.hasPrefix("quota"))
        #expect(recorder.statistics.refused.values.reduce(0, +) == 1)
        let full = Recorder(tap: RecordingTap(capacity: 8),
                            settings: RecorderSettings(directory: folder, minFreeBytes: Int64.max / 2), finished: { _ in })
        #expect(full.begin(id: 2, path: folder + "/other.wav", kind: .menu)?.hasPrefix("disk full") == true)
    }
}

/// Quota rotation: the oldest recordings not flagged go first, until the rest fit.
@Suite struct RotationTests {
    final class Deleted: @unchecked Sendable {
        let lock = NSLock()
        var paths: [String] = []
        func add(_ path: String) { lock.withLock { paths.append(path) } }
    }

    @Test func theOldestUnflaggedRecordingsRotateOutAndFlaggedOnesStay() throws {
        let folder = RecorderTests.folder()
        let now = Date()
        var stored: [Recorder.Stored] = []
        for (index, flagged) in [true, false, false, false].enumerated() {
            let path = folder + "/old\(index).wav"
            try Data(repeating: 1, count: 3000).write(to: URL(fileURLWithPath: path))
            stored.append(Recorder.Stored(path: path, bytes: 3000, startedAt: now.addingTimeInterval(Double(index - 10) * 3600), flagged: flagged, kind: .menu))
        }
        var settings = RecorderSettings(directory: folder, maxTotalBytes: 12_000, minFreeBytes: 0)
        settings.rotateAt = 0.9
        settings.rotateDownTo = 0.6
        let recorder = Recorder(tap: RecordingTap(capacity: 8), settings: settings, finished: { _ in })
        let deleted = Deleted()
        recorder.deleted = deleted.add
        recorder.remember(stored.reversed())
        // 12 000 bytes of 12 000: down to 7 200 means the two oldest not flagged go.
        #expect(recorder.begin(id: 1, path: folder + "/new.wav", kind: .menu, at: now) == nil)
        #expect(deleted.paths == [stored[1].path, stored[2].path])
        #expect(FileManager.default.fileExists(atPath: stored[0].path), "flagged: kept though oldest")
        #expect(!FileManager.default.fileExists(atPath: stored[1].path) && !FileManager.default.fileExists(atPath: stored[2].path))
        #expect(FileManager.default.fileExists(atPath: stored[3].path))
        #expect(recorder.statistics.rotated == 2)
        recorder.end(id: 1)
        recorder.stop()
    }

    @Test func recordingsPastTheirAgeGoAndOnlyFlaggedOnesLeftMeansRefusal() throws {
        let folder = RecorderTests.folder()
        let now = Date()
        let old = folder + "/old.wav", kept = folder + "/kept.wav"
        for path in [old, kept] { try Data(repeating: 1, count: 6000).write(to: URL(fileURLWithPath: path)) }
        var settings = RecorderSettings(directory: folder, maxTotalBytes: 6000, minFreeBytes: 0)
        settings.maxAgeSeconds = 86400
        let recorder = Recorder(tap: RecordingTap(capacity: 8), settings: settings, finished: { _ in })
        let deleted = Deleted()
        recorder.deleted = deleted.add
        recorder.remember([Recorder.Stored(path: old, bytes: 6000, startedAt: now.addingTimeInterval(-2 * 86400), flagged: false, kind: .menu),
                           Recorder.Stored(path: kept, bytes: 6000, startedAt: now.addingTimeInterval(-3 * 86400), flagged: true, kind: .menu)])
        let refusal = try #require(recorder.begin(id: 1, path: folder + "/new.wav", kind: .menu, at: now))
        #expect(deleted.paths == [old], "past its age")
        #expect(FileManager.default.fileExists(atPath: kept))
        #expect(refusal.hasPrefix("quota"), "the flagged one alone fills the quota: \(refusal)")
    }

    /// A kind with a limit of its own rotates out its own oldest recordings, not older
    /// ones of other kinds; a kind whose recordings are all flagged is refused by name.
    @Test func eachKindRotatesWithinItsOwnLimit() throws {
        let folder = RecorderTests.folder()
        let now = Date()
        var stored: [Recorder.Stored] = []
        for (index, kind) in [RecordingKind.menu, .menu, .queue, .queue, .queue].enumerated() {
            let path = folder + "/\(kind.rawValue)\(index).wav"
            try Data(repeating: 1, count: 3000).write(to: URL(fileURLWithPath: path))
            stored.append(Recorder.Stored(path: path, bytes: 3000, startedAt: now.addingTimeInterval(Double(index - 10) * 3600),
                                          flagged: kind == .menu, kind: kind))
        }
        var settings = RecorderSettings(directory: folder, maxTotalBytes: 1 << 30, minFreeBytes: 0)
        settings.maxBytesByKind = [.queue: 9000, .menu: 5000]
        let recorder = Recorder(tap: RecordingTap(capacity: 8), settings: settings, finished: { _ in })
        let deleted = Deleted()
        recorder.deleted = deleted.add
        recorder.remember(stored)
        // Queue recordings take 9 000 of their 9 000: the oldest queue one goes (down to 6 000 ≤ 7 200);
        // the menu ones are older but another kind's.
        #expect(recorder.begin(id: 1, path: folder + "/queue-new.wav", kind: .queue, at: now) == nil)
        #expect(deleted.paths == [stored[2].path])
        #expect(FileManager.default.fileExists(atPath: stored[0].path) && FileManager.default.fileExists(atPath: stored[1].path))
        // Menu recordings take 6 000 of their 5 000, all flagged: refused, and counted by kind.
        let refusal = try #require(recorder.begin(id: 2, path: folder + "/menu-new.wav", kind: .menu, at: now))
        #expect(refusal == "menu quota (6000 of 5000 bytes used)")
        #expect(recorder.statistics.refused == ["menu quota": 1])
        // Agent and console recordings have no limit of their own here.
        #expect(recorder.begin(id: 3, path: folder + "/agent-new.wav", kind: .agent, at: now) == nil)
        #expect(deleted.paths.count == 1)
        recorder.end(id: 1)
        recorder.end(id: 3)
        recorder.stop()
    }

    /// A long recording still being written counts against its kind: a second one of
    /// that kind is refused before the first closes, while other kinds still begin.
    @Test func anOpenRecordingCountsAgainstItsKind() throws {
        let folder = RecorderTests.folder()
        var settings = RecorderSettings(directory: folder, format: RecordingFormat(encoding: .linear16, layout: .stereo),
                                        maxTotalBytes: 1 << 30, minFreeBytes: 0)
        settings.maxBytesByKind = [.console: 50_000]
        let tap = RecordingTap(capacity: 512)
        let recorder = Recorder(tap: tap, settings: settings, finished: { _ in })
        #expect(recorder.begin(id: 1, path: folder + "/console-1.wav", kind: .console) == nil)
        // 100 frames of stereo 16-bit: 64 000 bytes, past the 50 000 of its kind.
        let (left, right) = RecorderTests.signals(frames: 100)
        for frame in 0..<100 {
            left.withUnsafeBufferPointer { l in right.withUnsafeBufferPointer { r in
                _ = tap.offer(recording: 1, left: l.baseAddress! + frame * 160, right: r.baseAddress! + frame * 160)
            } }
            if frame % 20 == 19 { recorder.pump() }
        }
        let refusal = try #require(recorder.begin(id: 2, path: folder + "/console-2.wav", kind: .console))
        #expect(refusal.hasPrefix("console quota ("), "\(refusal)")
        #expect(recorder.begin(id: 3, path: folder + "/menu-3.wav", kind: .menu) == nil)
        recorder.end(id: 1)
        recorder.end(id: 3)
        recorder.stop()
    }
}
