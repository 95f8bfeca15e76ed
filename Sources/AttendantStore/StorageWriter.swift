import Foundation
import GRDB
import Logging

/// The storage thread: takes call rows (opened at answer, completed at the end), the
/// heartbeat of calls in progress and queue events from a bounded queue and writes them
/// to the database, off every thread that has calls to run.
///
/// The queue is fed by the control thread, never by the media thread. When it is
/// full, `submit` waits for room: a call record is never dropped; a heartbeat is (the
/// next one comes a second later). A write that fails is retried; if it still fails
/// a finished record is kept in `failedRecords`, and everything failed is counted.
/// ```swift
/// let writer = StorageWriter(database: database)
/// writer.submit(openCall)          // at answer
/// writer.stampOpenCalls(at: now)   // about once a second
/// writer.submit(record)            // at the end: completes the row
/// writer.flush()   // everything submitted so far is committed
/// writer.close()
/// ```
public final class StorageWriter: @unchecked Sendable {
    public struct Statistics: Sendable, Equatable {
        /// Finished call records and queue events written.
        public var written = 0
        /// Rows of answered calls opened.
        public var opened = 0
        public var failed = 0
        /// Heartbeats not queued because the queue was full.
        public var stampsDropped = 0
        /// Times a submitter had to wait because the queue was full.
        public var waitsOnFull = 0
        public var queued = 0
    }

    // Everything below `condition` is guarded by it.
    private let condition = NSCondition()
    private var queue: [Row] = []
    private var writing = 0
    private var closing = false
    private var finished = false
    private var counters = Statistics()
    private var failures: [CallRecord] = []
    private var failedEvents: [QueueEvent] = []

    /// What waits to be written.
    private enum Row {
        case opened(OpenCall)
        case call(CallRecord)
        case stamp(Date, [CallProgress])
        case queueEvent(QueueEvent)
        case recordingStarted(RecordingRow)
        case recordingFinished(RecordingOutcome)
        case recordingDeleted(String)
        case messageStarted(VoicemailMessage)
        case messageMoved(String, VoicemailFolder)
        case messageDeleted(String)
        case pinSet(box: String, hash: String, at: Date)
        case greetingSet(box: String, kind: String, path: String, at: Date)
    }

    /// The database written to; the control side reads it (voicemail's index at start, the console).
    public let database: AttendantDatabase
    private let capacity: Int
    private let retries: Int
    private let logger = Logger(label: "attendant.storage")

    public init(database: AttendantDatabase, capacity: Int = 1024, retries: Int = 3) {
        precondition(capacity > 0)
        self.database = database
        self.capacity = capacity
        self.retries = retries
        let thread = Thread { [self] in run() }
        thread.name = "storage"
        thread.start()
    }

    deinit { close() }

    /// Queues the row of a call just answered; waits while the queue is full.
    public func submit(_ call: OpenCall) { enqueue(.opened(call)) }

    /// Queues a finished call's record, which completes its row; waits while the queue is full.
    public func submit(_ record: CallRecord) { enqueue(.call(record)) }

    /// Queues the heartbeat of the calls in progress, unless the queue is full: a
    /// heartbeat is worth less than the thread that sends it, and another follows.
    /// Returns false when it was dropped (send its `progress` again with the next).
    @discardableResult
    public func stampOpenCalls(at date: Date, progress: [CallProgress] = []) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard queue.count < capacity, !finished else {
            counters.stampsDropped += 1
            return false
        }
        queue.append(.stamp(date, progress))
        condition.broadcast()
        return true
    }

    /// Queues a queue event; waits while the queue is full.
    public func submit(_ event: QueueEvent) { enqueue(.queueEvent(event)) }

    /// Queues the row of a recording just begun; waits while the queue is full.
    public func submit(_ recording: RecordingRow) { enqueue(.recordingStarted(recording)) }

    /// Queues what a closed recording file is; waits while the queue is full.
    public func submit(_ outcome: RecordingOutcome) { enqueue(.recordingFinished(outcome)) }

    /// Queues the removal of the row of the recording at `path` (its file is gone); waits while the queue is full.
    public func submitDeletion(ofRecordingAt path: String) { enqueue(.recordingDeleted(path)) }

    /// Indexes a voicemail message as its recording begins.
    public func submit(_ message: VoicemailMessage) { enqueue(.messageStarted(message)) }

    public func submitMove(ofMessageAt path: String, to folder: VoicemailFolder) { enqueue(.messageMoved(path, folder)) }

    public func submitDeletion(ofMessageAt path: String) { enqueue(.messageDeleted(path)) }

    /// Records which file is a box's greeting of `kind`.
    public func submitGreeting(box: String, kind: String, path: String, at date: Date) {
        enqueue(.greetingSet(box: box, kind: kind, path: path, at: date))
    }

    /// Stores a box's PIN hash (never the PIN).
    public func submitPINHash(_ hash: String, box: String, at date: Date) { enqueue(.pinSet(box: box, hash: hash, at: date)) }

    private func enqueue(_ row: Row) {
        condition.lock()
        defer { condition.unlock() }
        if queue.count >= capacity { counters.waitsOnFull += 1 }
        while queue.count >= capacity && !finished { condition.wait() }
        guard !finished else {
            keepFailed(row)
            return
        }
        queue.append(row)
        condition.broadcast()
    }

    /// Under `condition`.
    private func keepFailed(_ row: Row) {
        counters.failed += 1
        switch row {
        case .call(let record): failures.append(record)
        case .queueEvent(let event): failedEvents.append(event)
        case .opened, .stamp, .recordingStarted, .recordingFinished, .recordingDeleted,
             .messageStarted, .messageMoved, .messageDeleted, .pinSet, .greetingSet: break  // the call's record, when it ends, is what must not be lost
        }
    }

    /// Returns once every record submitted before the call is written (or failed).
    public func flush() {
        condition.lock()
        defer { condition.unlock() }
        while (!queue.isEmpty || writing > 0) && !finished { condition.wait() }
    }

    /// Flushes and stops the thread. Safe to call more than once.
    public func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    public var statistics: Statistics {
        condition.withLock {
            var snapshot = counters
            snapshot.queued = queue.count
            return snapshot
        }
    }

    /// Finished records that could not be written, kept so that nothing is silently lost.
    public var failedRecords: [CallRecord] { condition.withLock { failures } }

    /// Queue events that could not be written.
    public var failedQueueEvents: [QueueEvent] { condition.withLock { failedEvents } }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !closing { condition.wait() }
            if queue.isEmpty {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            writing = batch.count
            condition.broadcast()
            condition.unlock()

            for row in batch { write(row) }

            condition.withLock {
                writing = 0
                condition.broadcast()
            }
        }
    }

    private func write(_ row: Row) {
        var attempt = 0
        while true {
            do {
                switch row {
                case .opened(let call): try database.insert(call)
                case .call(let record): try database.save(record)
                case .stamp(let date, let progress): try database.stampOpenCalls(at: date, progress: progress)
                case .queueEvent(let event): try database.insert(event)
                case .recordingStarted(let row): try database.insert(row)
                case .recordingFinished(let outcome): try database.finish(outcome)
                case .recordingDeleted(let path): try database.deleteRecording(path: path)
                case .messageStarted(let message): try database.insert(message)
                case .messageMoved(let path, let folder): try database.moveVoicemailMessage(path: path, to: folder)
                case .messageDeleted(let path): try database.deleteVoicemailMessage(path: path)
                case .pinSet(let box, let hash, let date): try database.setVoicemailPINHash(hash, box: box, at: date)
                case .greetingSet(let box, let kind, let path, let date):
                    try database.setVoicemailGreeting(box: box, kind: kind, path: path, at: date)
                }
                condition.withLock {
                    switch row {
                    case .opened: counters.opened += 1
                    case .stamp: break
                    case .call, .queueEvent, .recordingStarted, .recordingFinished, .recordingDeleted,
                         .messageStarted, .messageMoved, .messageDeleted, .pinSet, .greetingSet: counters.written += 1
                    }
                }
                return
            } catch {
                attempt += 1
                if attempt > retries || Self.isPermanent(error) {
                    switch row {
                    case .opened(let call): logger.error("call \(call.callID) not opened (its record is written when it ends): \(error)")
                    case .call(let record): logger.error("call \(record.callID) not written: \(error)")
                    case .stamp: logger.error("calls in progress not stamped: \(error)")
                    case .queueEvent(let event): logger.error("queue event \(event.kind.rawValue) not written: \(error)")
                    case .recordingStarted(let row): logger.error("recording \(row.path) not indexed: \(error)")
                    case .recordingFinished(let outcome): logger.error("recording \(outcome.path) not completed: \(error)")
                    case .recordingDeleted(let path): logger.error("row of rotated recording \(path) not deleted: \(error)")
                    case .messageStarted(let message): logger.error("voicemail message \(message.path) not indexed: \(error)")
                    case .messageMoved(let path, _), .messageDeleted(let path): logger.error("voicemail message \(path) not updated: \(error)")
                    case .pinSet(let box, _, _): logger.error("PIN of mailbox \(box) not stored: \(error)")
                    case .greetingSet(let box, let kind, _, _): logger.error("\(kind) greeting of mailbox \(box) not stored: \(error)")
                    }
                    condition.withLock { keepFailed(row) }
                    return
                }
                Thread.sleep(forTimeInterval: 0.01 * Double(attempt))
            }
        }
    }

    /// Constraint violations will fail again however often they are retried.
    private static func isPermanent(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
    }
}
