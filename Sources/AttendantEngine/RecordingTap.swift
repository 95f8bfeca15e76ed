import AttendantDSP
import Atomics

/// What one 20 ms frame of a recording carries out of the media loop.
public struct TappedFrame: Sendable, BitwiseCopyable {
    /// The recording it belongs to (chosen by the control side).
    public var recording: Int32
    /// Where its samples are in the tap's block pool.
    var block: Int32
}

/// The media loop's way out for recordings: a bounded lock-free queue of frames, each
/// the caller's capture (left) and what the caller hears (right), to one recorder thread.
///
/// Samples live in a pool made at init, so offering a frame is two copies of 160
/// samples and an atomic store: no allocation, no lock, no file. A full queue refuses
/// the frame and counts it; the media loop never waits for the flash.
public final class RecordingTap: @unchecked Sendable {
    /// 512 frames: 10 s of one recording, a third of a second of 32 behind a slow flash.
    public static let defaultCapacity = 512

    private let queue: SPSCQueue<TappedFrame>
    // Two blocks more than the queue holds: with the queue full, the block the producer
    // fills next is neither queued nor the one the consumer is still reading.
    private let blockCount: Int
    private let samples: UnsafeMutablePointer<Int16>
    private var nextBlock = 0
    private let droppedFrames = ManagedAtomic<Int>(0)
    private static let blockSize = 2 * AudioFormat.samplesPerFrame

    public init(capacity: Int = RecordingTap.defaultCapacity) {
        queue = SPSCQueue(capacity: capacity)
        blockCount = capacity + 2
        samples = .allocate(capacity: blockCount * Self.blockSize)
        samples.initialize(repeating: 0, count: blockCount * Self.blockSize)
    }

    deinit { samples.deallocate() }

    /// Frames refused because the recorder did not keep up (any thread).
    public var dropped: Int { droppedFrames.load(ordering: .relaxed) }

    /// Media thread: copies one frame of both sides; false (and counted) when full.
    @discardableResult
    public func offer(recording: Int32, left: UnsafePointer<Int16>, right: UnsafePointer<Int16>) -> Bool {
        let block = samples + nextBlock * Self.blockSize
        block.update(from: left, count: AudioFormat.samplesPerFrame)
        (block + AudioFormat.samplesPerFrame).update(from: right, count: AudioFormat.samplesPerFrame)
        guard queue.push(TappedFrame(recording: recording, block: Int32(nextBlock))) else {
            droppedFrames.wrappingIncrement(ordering: .relaxed)
            return false
        }
        nextBlock = nextBlock + 1 == blockCount ? 0 : nextBlock + 1
        return true
    }

    /// Recorder thread: the next frame, or nil.
    public func next() -> TappedFrame? { queue.pop() }

    /// Recorder thread: the caller's side of `frame`; valid until the next call to `next()`.
    public func left(of frame: TappedFrame) -> UnsafeBufferPointer<Int16> {
        UnsafeBufferPointer(start: samples + Int(frame.block) * Self.blockSize, count: AudioFormat.samplesPerFrame)
    }

    /// Recorder thread: what the caller heard in `frame` (the other party); valid until the next `next()`.
    public func right(of frame: TappedFrame) -> UnsafeBufferPointer<Int16> {
        UnsafeBufferPointer(start: samples + Int(frame.block) * Self.blockSize + AudioFormat.samplesPerFrame,
                            count: AudioFormat.samplesPerFrame)
    }
}
