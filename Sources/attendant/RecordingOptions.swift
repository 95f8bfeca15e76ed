import ArgumentParser
import AttendantRecorder
import AttendantStore
import Foundation

/// How `attendant run` records calls and keeps its flash from filling up.
struct RecordingOptions: ParsableArguments {
    @Option(help: "The folder recordings are written to.")
    var recordings = "var/recordings"

    @Option(help: "Recording format: ima-adpcm (32 kbit/s a channel, the default on flash), alaw, ulaw or pcm16.")
    var recordFormat = RecordingEncoding.imaADPCM.rawValue

    @Option(help: "Recording layout: stereo (caller left, other party right) or mono (mixed).")
    var recordLayout = RecordingLayout.stereo.rawValue

    @Option(help: "Milliseconds between syncs of open recordings to flash: a power cut loses at most this much.")
    var recordSyncMs = 1000

    @Option(help: "Bytes all recordings may take together; new recordings are refused beyond it.")
    var recordingsMaxBytes: Int64 = 1 << 40

    @Option(help: ArgumentHelp(
        "A limit for one kind of recording, as KIND=SIZE (repeat it for more kinds): menu, queue, agent, console or voicemail; SIZE in bytes or with K, M or G (1024s).",
        discussion: "A kind near its limit rotates out its own oldest recordings; voicemail is never rotated, only refused."))
    var recordingQuota: [RecordingQuota] = []

    @Option(help: "Bytes voicemail (messages and greetings) may take; the same as --recording-quota voicemail=SIZE.")
    var voicemailMaxBytes: Int64?

    @Option(help: "Free bytes kept on the recordings' file system; new recordings are refused below it.")
    var recordingsMinFreeBytes: Int64 = 4 << 20

    @Option(help: "Days recordings are kept (flagged ones for ever); default: until the quota rotates them out.")
    var recordingsMaxAgeDays: Double?

    func validate() throws {
        guard RecordingEncoding(rawValue: recordFormat) != nil else { throw ValidationError("--record-format: ima-adpcm, alaw, ulaw or pcm16") }
        guard RecordingLayout(rawValue: recordLayout) != nil else { throw ValidationError("--record-layout: stereo or mono") }
        guard recordSyncMs >= 10 else { throw ValidationError("--record-sync-ms must be 10 or more") }
        let kinds = recordingQuota.map(\.kind)
        if let twice = kinds.first(where: { kind in kinds.filter { $0 == kind }.count > 1 }) {
            throw ValidationError("--recording-quota gives \(twice.rawValue) twice")
        }
        if voicemailMaxBytes != nil, kinds.contains(.voicemail) {
            throw ValidationError("--voicemail-max-bytes and --recording-quota voicemail=… say the same: give one")
        }
    }

    var settings: RecorderSettings {
        let format = RecordingFormat(encoding: RecordingEncoding(rawValue: recordFormat)!, layout: RecordingLayout(rawValue: recordLayout)!)
        var settings = RecorderSettings(directory: recordings, format: format, syncIntervalMilliseconds: recordSyncMs,
                                        maxTotalBytes: recordingsMaxBytes, minFreeBytes: recordingsMinFreeBytes)
        settings.maxAgeSeconds = recordingsMaxAgeDays.map { $0 * 86400 }
        for quota in recordingQuota { settings.maxBytesByKind[quota.kind] = quota.bytes }
        if let voicemailMaxBytes { settings.maxBytesByKind[.voicemail] = voicemailMaxBytes }
        return settings
    }

    /// What is on flash already, from the index, for rotation and the quotas.
    static func stored(in store: AttendantDatabase) throws -> [Recorder.Stored] {
        try store.recordings(limit: Int.max).filter { $0.state != .recording }.map {
            Recorder.Stored(path: $0.path, bytes: $0.sizeBytes, startedAt: $0.startedAt, flagged: $0.flagged, kind: $0.kind)
        } + store.voicemailMessages().filter { $0.state != .recording }.map {
            Recorder.Stored(path: $0.path, bytes: $0.sizeBytes, startedAt: $0.receivedAt, flagged: true, kind: .voicemail)
        } + store.voicemailGreetings().map { greeting in
            let size = (try? FileManager.default.attributesOfItem(atPath: greeting.path))?[.size] as? Int64
            return Recorder.Stored(path: greeting.path, bytes: size ?? 0, startedAt: Date(), flagged: true, kind: .voicemail)
        }
    }
}

/// `--recording-quota queue=200M`: what one kind of recording may take.
struct RecordingQuota: ExpressibleByArgument {
    var kind: RecordingKind
    var bytes: Int64

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = RecordingKind(rawValue: parts[0]) else { return nil }
        var digits = parts[1]
        var unit: Int64 = 1
        if let last = digits.last, let power = ["K": 1, "M": 2, "G": 3][last.uppercased()] {
            digits.removeLast()
            unit = Int64(1) << (10 * power)
        }
        guard let count = Int64(digits), count >= 0, count <= Int64.max / unit else { return nil }
        self.kind = kind
        bytes = count * unit
    }
}
