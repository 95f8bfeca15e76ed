import AttendantBoard
import AttendantEngine
import AttendantStore
import Foundation

/// The appliance's parts wired together: board, media engine, the control side's call
/// tracker and the storage writer. The media thread calls `engine.processFrame()`;
/// the control thread calls `drainEvents()`. A simulation may do both on one thread,
/// frame by frame, which makes it deterministic.
public final class Appliance: @unchecked Sendable {
    // The engine is confined to the media thread and the tracker to the control
    // thread; the class only carries them to where they run.
    public let board: TelephonyBoard
    public let engine: MediaEngine
    public let tracker: CallTracker
    public let writer: StorageWriter?
    public let clock: FrameClock
    public private(set) var finishedCalls: [CallRecord] = []
    /// Keep finished records in memory too (simulations and tests read them back).
    public var keepsFinishedCalls = true

    public init(board: TelephonyBoard, program: ExecutableProgram, settings: EngineSettings = EngineSettings(),
                writer: StorageWriter?, clock: FrameClock) {
        self.board = board
        engine = MediaEngine(board: board, program: program, settings: settings)
        tracker = CallTracker(portCount: board.portCount, clock: clock, programs: [program])
        self.writer = writer
        self.clock = clock
    }

    /// One frame and its aftermath, on the calling thread (simulations and tests).
    public func step() {
        engine.processFrame()
        drainEvents()
    }

    /// Folds pending engine events into call state; finished calls go to storage.
    /// Returns how many events were handled.
    @discardableResult
    public func drainEvents() -> Int {
        var handled = 0
        while let event = engine.events.pop() {
            handled += 1
            guard let record = tracker.handle(event) else { continue }
            if keepsFinishedCalls { finishedCalls.append(record) }
            writer?.submit(record)
        }
        return handled
    }
}
