import AttendantEngine
import AttendantStore
import Foundation
import Logging

/// Where recordings go and how they are written.
public struct RecorderSettings: Sendable {
    public var directory: String
    public var format: RecordingFormat
    /// How often open files are made durable; a cut loses at most this much.
    public var syncIntervalMilliseconds: Int
    /// Recordings together may take this much; new ones are refused beyond it.
    public var maxTotalBytes: Int64
    /// New recordings are refused when the flash has less free than this.
    public var minFreeBytes: Int64
    /// From this share of `maxTotalBytes` on, the oldest recordings not flagged are
    /// deleted, until they take `rotateDownTo` of it.
    public var rotateAt = 0.9
    public var rotateDownTo = 0.8
    /// Recordings older than this (not flagged) are deleted when a new one begins; nil: kept.
    public var maxAgeSeconds: Double?
    /// What each kind may take of the flash (open recordings too; no entry: no limit of its
    /// own). A kind near its limit rotates out its own oldest recordings (`rotateAt`,
    /// `rotateDownTo`) and is refused beyond it, so that one kind cannot crowd out the
    /// others. Voicemail is never rotated: a message is its box owner's to delete.
    public var maxBytesByKind: [RecordingKind: Int64] = [:]

    public init(directory: String, format: RecordingFormat = RecordingFormat(), syncIntervalMilliseconds: Int = 1000,
                maxTotalBytes: Int64 = 1 << 40, minFreeBytes: Int64 = 4 << 20) {
        self.directory = directory
        self.format = format
        self.syncIntervalMilliseconds = syncIntervalMilliseconds
        self.maxTotalBytes = maxTotalBytes
        self.minFreeBytes = minFreeBytes
    }
}

/// The recorder thread: takes recorded frames from the media loop's tap, codes them
/// into their files, syncs on a cadence, and reports each file as it closes.
///
/// The control thread begins and ends recordings (`begin`, `end`); a lock guards only
/// those requests, between two slow threads. The media thread only feeds the tap.
public final class Recorder: @unchecked Sendable {
    public struct Statistics: Sendable, Equatable {
        public var framesWritten = 0
        public var recordingsStarted = 0
        public var recordingsCompleted = 0
        /// Recordings not started, by reason (`disk full`, `quota`…).
        public var refused: [String: Int] = [:]
        /// Recordings stopped by a write error (the call went on).
        public var failed = 0
        /// Frames for no open recording (one that failed).
        public var strayFrames = 0
        /// Old recordings deleted to make room, or for their age.
        public var rotated = 0
    }

    /// A closed recording, as rotation weighs it.
    public struct Stored: Sendable, Equatable {
        public var path: String
        public var bytes: Int64
        public var startedAt: Date
        public var flagged: Bool
        /// Voicemail is never rotated; each kind counts against its own limit.
        public var kind: RecordingKind

        public init(path: String, bytes: Int64, startedAt: Date, flagged: Bool, kind: RecordingKind) {
            self.path = path
            self.bytes = bytes
            self.startedAt = startedAt
            self.flagged = flagged || kind == .voicemail
            self.kind = kind
        }
    }

    public let tap: RecordingTap
    public let settings: RecorderSettings
    private let logger: Logger
    private let finished: @Sendable (RecordingOutcome) -> Void
    private let lock = NSLock()
    private var begins: [(Int32, String)] = []
    private var ends: [Int32] = []
    private var counters = Statistics()
    /// Bytes of recordings on flash: the ones found at start and everything written since.
    private var totalBytes: Int64 = 0
    /// Closed recordings, oldest first: what rotation may delete.
    private var stored: [Stored] = []
    /// The kind of each file begun and not yet closed, by path.
    private var kinds: [String: RecordingKind] = [:]
    /// Bytes of each open file so far, by path: a kind's limit counts them too.
    private var openBytes: [String: Int64] = [:]
    /// Told of each recording rotation deleted (its row goes too).
    public var deleted: @Sendable (String) -> Void = { _ in }
    // Recorder thread only.
    private var files: [Int32: RecordingFile] = [:]
    private var thread: Thread?
    private var stopping = false
    private let stopped = DispatchSemaphore(value: 0)

    public init(tap: RecordingTap, settings: RecorderSettings, logger: Logger = Logger(label: "attendant.recorder"),
                finished: @escaping @Sendable (RecordingOutcome) -> Void) {
        self.tap = tap
        self.settings = settings
        self.logger = logger
        self.finished = finished
        try? FileManager.default.createDirectory(atPath: settings.directory, withIntermediateDirectories: true)
        totalBytes = Self.bytes(under: settings.directory)
    }

    public var statistics: Statistics { lock.withLock { counters } }

    /// Control thread: opens a recording of `kind` to `path` for frames tagged `id`; nil
    /// when it may begin, else the reason it is refused (logged and counted by its first
    /// words, e.g. `quota queue`; the call goes on).
    public func begin(id: Int32, path: String, kind: RecordingKind, at now: Date = Date()) -> String? {
        rotate(now: now)
        if let reason = refusal() ?? kindRefusal(kind) {
            let counted = String(reason.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces)
            lock.withLock { counters.refused[counted, default: 0] += 1 }
            logger.warning("recording refused: \(reason)", metadata: ["path": "\(path)"])
            return reason
        }
        lock.withLock {
            begins.append((id, path))
            kinds[path] = kind
            counters.recordingsStarted += 1
        }
        return nil
    }

    /// Control thread: the recording's call ended; its file closes once its last frames are in.
    public func end(id: Int32) { lock.withLock { ends.append(id) } }

    /// Recordings already on flash (from the index at start), for rotation.
    public func remember(_ recordings: [Stored]) {
        lock.withLock {
            stored.append(contentsOf: recordings)
            stored.sort { $0.startedAt < $1.startedAt }
        }
    }

    /// A recording deleted by hand (the console): no longer counted.
    public func forget(path: String) {
        lock.withLock {
            guard let index = stored.firstIndex(where: { $0.path == path }) else { return }
            totalBytes -= stored[index].bytes
            stored.remove(at: index)
        }
    }

    /// The flag changed (kept from rotation, or not).
    public func setFlag(_ flagged: Bool, path: String) {
        lock.withLock { if let index = stored.firstIndex(where: { $0.path == path }) { stored[index].flagged = flagged } }
    }

    /// Deletes recordings past their age, then the oldest ones not flagged while all of
    /// them take more than `rotateAt` of the quota, or one kind more than `rotateAt` of
    /// its own limit (control thread; never the media thread).
    private func rotate(now: Date) {
        let victims = lock.withLock { () -> [Stored] in
            var victims: [Stored] = []
            if let age = settings.maxAgeSeconds {
                victims += stored.filter { !$0.flagged && now.timeIntervalSince($0.startedAt) > age }
            }
            var total = totalBytes - victims.reduce(0) { $0 + $1.bytes }
            select(&victims, total: &total, limit: settings.maxTotalBytes, among: { _ in true })
            for (kind, limit) in settings.maxBytesByKind where kind != .voicemail {
                var kindTotal = bytes(of: kind) - victims.reduce(0) { $0 + ($1.kind == kind ? $1.bytes : 0) }
                select(&victims, total: &kindTotal, limit: limit, among: { $0.kind == kind })
            }
            stored.removeAll { victims.contains($0) }
            return victims
        }
        for victim in victims {
            do {
                try FileManager.default.removeItem(atPath: victim.path)
            } catch {
                logger.error("rotation could not delete \(victim.path): \(error)")
            }
            lock.withLock {
                totalBytes -= victim.bytes
                counters.rotated += 1
            }
            logger.notice("rotated out \(victim.path) (\(victim.bytes) bytes, from \(victim.startedAt))")
            deleted(victim.path)
        }
    }

    /// Adds the oldest unflagged recordings `among` those stored to `victims` while
    /// `total` is at `rotateAt` of `limit` or more, until it is down to `rotateDownTo` (under the lock).
    private func select(_ victims: inout [Stored], total: inout Int64, limit: Int64, among: (Stored) -> Bool) {
        guard Double(total) >= settings.rotateAt * Double(limit) else { return }
        for candidate in stored where !candidate.flagged && among(candidate) && !victims.contains(candidate) {
            if Double(total) <= settings.rotateDownTo * Double(limit) { break }
            victims.append(candidate)
            total -= candidate.bytes
        }
    }

    /// Bytes of the recordings of `kind`, closed and open (under the lock).
    private func bytes(of kind: RecordingKind) -> Int64 {
        stored.reduce(Int64(0)) { $0 + ($1.kind == kind ? $1.bytes : 0) }
            + openBytes.reduce(Int64(0)) { $0 + (kinds[$1.key] == kind ? $1.value : 0) }
    }

    private func refusal() -> String? {
        var info = statvfs()
        if statvfs(settings.directory, &info) == 0 {
            let free = Int64(info.f_bavail) * Int64(info.f_frsize)
            if free < settings.minFreeBytes { return "disk full (\(free) bytes free, \(settings.minFreeBytes) kept)" }
        } else {
            return "recordings folder \(settings.directory): \(String(cString: strerror(errno)))"
        }
        let total = lock.withLock { totalBytes }
        if total >= settings.maxTotalBytes { return "quota (\(total) of \(settings.maxTotalBytes) bytes used)" }
        return nil
    }

    /// The kind's own limit, on what its files take, open ones included.
    private func kindRefusal(_ kind: RecordingKind) -> String? {
        guard let limit = settings.maxBytesByKind[kind] else { return nil }
        let used = lock.withLock { bytes(of: kind) }
        return used >= limit ? "\(kind.rawValue) quota (\(used) of \(limit) bytes used)" : nil
    }

    public func start() {
        let thread = Thread { [self] in
            while !lock.withLock({ stopping }) {
                pump()
                Thread.sleep(forTimeInterval: 0.01)
            }
            pump()
            closeAll()
            stopped.signal()
        }
        thread.name = "recorder"
        self.thread = thread
        thread.start()
    }

    /// Stops the thread after writing what is queued and closing every file (after the media thread stopped).
    public func stop() {
        guard thread != nil else {
            pump()
            closeAll()
            return
        }
        lock.withLock { stopping = true }
        stopped.wait()
        thread = nil
    }

    /// One pass: open what was begun, write every queued frame, close what ended, sync
    /// what is due. The recorder thread's loop; simulations call it between frames.
    public func pump() {
        openBegun()
        while let frame = tap.next() {
            if files[frame.recording] == nil { openBegun() }
            guard let file = files[frame.recording] else {
                lock.withLock { counters.strayFrames += 1 }
                continue
            }
            file.append(left: tap.left(of: frame), right: tap.right(of: frame))
            lock.withLock { counters.framesWritten += 1 }
        }
        // Frames of an ended call were all queued before its end reached us.
        let ended = lock.withLock { () -> [Int32] in
            defer { ends.removeAll() }
            return ends
        }
        for id in ended { close(id) }
        // The cadence is counted in recorded audio, which on a board is wall time and in
        // a simulation stays in step with its calls. Early by an ADPCM block that may be
        // still staged (63 ms), so that what a cut loses stays within the interval.
        let interval = max(80, settings.syncIntervalMilliseconds * 8 - 8 * 80)
        for (id, file) in files {
            do {
                let before = file.fileBytes
                if file.samples - file.samplesAtLastSync >= interval {
                    try file.sync()
                } else {
                    try file.flush()
                }
                lock.withLock {
                    totalBytes += Int64(file.fileBytes - before)
                    openBytes[file.path] = Int64(file.fileBytes)
                }
            } catch {
                fail(id, file, error)
            }
        }
    }

    private func openBegun() {
        let begun = lock.withLock { () -> [(Int32, String)] in
            defer { begins.removeAll() }
            return begins
        }
        for (id, path) in begun {
            do {
                files[id] = try RecordingFile(path: path, format: settings.format)
                lock.withLock { totalBytes += Int64(settings.format.dataOffset) }
            } catch {
                logger.error("recording not started: \(error)")
                lock.withLock { counters.failed += 1 }
            }
        }
    }

    private func close(_ id: Int32) {
        guard let file = files.removeValue(forKey: id) else { return }
        do {
            let before = file.fileBytes
            try file.close()
            lock.withLock {
                totalBytes += Int64(file.fileBytes - before)
                counters.recordingsCompleted += 1
            }
            report(file, state: .complete)
            lock.withLock {
                openBytes[file.path] = nil
                stored.append(Stored(path: file.path, bytes: Int64(file.fileBytes), startedAt: file.startedAt,
                                     flagged: false, kind: kinds.removeValue(forKey: file.path) ?? .menu))
            }
        } catch {
            fail(id, file, error)
        }
    }

    private func fail(_ id: Int32, _ file: RecordingFile, _ error: RecordingFileError) {
        files[id] = nil
        logger.error("recording stopped, the call goes on: \(error)")
        lock.withLock { counters.failed += 1 }
        // What reached flash is kept, as a crash would leave it.
        let kind = lock.withLock { () -> RecordingKind? in
            openBytes[file.path] = nil
            return kinds.removeValue(forKey: file.path)
        } ?? .menu
        if let repaired = try? RecordingRepair.repair(path: file.path, format: file.format) {
            lock.withLock {
                stored.append(Stored(path: file.path, bytes: Int64(repaired.fileBytes), startedAt: file.startedAt,
                                     flagged: false, kind: kind))
            }
            finished(RecordingOutcome(path: file.path, durationSeconds: repaired.durationSeconds, sizeBytes: Int64(repaired.fileBytes),
                                      sha256: (try? RecordingRepair.sha256(ofFileAt: file.path)) ?? "", state: .cut))
        }
    }

    private func report(_ file: RecordingFile, state: RecordingState) {
        let sha = (try? RecordingRepair.sha256(ofFileAt: file.path)) ?? ""
        finished(RecordingOutcome(path: file.path, durationSeconds: Double(file.samples) / 8000,
                                  sizeBytes: Int64(file.fileBytes), sha256: sha, state: state))
    }

    private func closeAll() {
        for id in Array(files.keys) { close(id) }
    }

    /// Rows a crash left `recording`: their files repaired and their rows marked `cut`.
    /// Call once at start, before any call is answered. Returns how many.
    @discardableResult
    public static func repairCut(in database: AttendantDatabase, logger: Logger) throws -> Int {
        // Voicemail messages are recordings too; `finish` completes either kind of row by path.
        let open = try database.recordings(state: .recording).map { (path: $0.path, format: $0.format) }
            + database.voicemailMessagesBeingRecorded().map { (path: $0.path, format: $0.format) }
        for row in open {
            let format = RecordingFormat(name: row.format) ?? RecordingFormat()
            do {
                let repaired = try RecordingRepair.repair(path: row.path, format: format)
                try database.finish(RecordingOutcome(path: row.path, durationSeconds: repaired.durationSeconds,
                                                     sizeBytes: Int64(repaired.fileBytes),
                                                     sha256: try RecordingRepair.sha256(ofFileAt: row.path), state: .cut))
                logger.notice("recording \(row.path) was cut by a crash: repaired, \(repaired.durationSeconds) s kept")
            } catch {
                try database.finish(RecordingOutcome(path: row.path, durationSeconds: 0, sizeBytes: 0, sha256: "", state: .cut))
                logger.error("recording \(row.path) was cut by a crash and cannot be repaired: \(error)")
            }
        }
        return open.count
    }

    static func bytes(under directory: String) -> Int64 {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        return names.reduce(0) { total, name in
            let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int64) ?? nil
            return total + (size ?? 0)
        }
    }
}
