import AttendantBoard
import AttendantDSP
import AttendantEngine

/// The far end behind `sim call` in `attendant run`: it presses keys on request and
/// passes what it hears to the control thread through a lock-free queue, where it is
/// recognised for the console. It runs on the media thread, so it never allocates:
/// audio that does not fit the queue is dropped and counted.
public final class DemoCaller: FarEnd, @unchecked Sendable {
    public let port: Int
    /// What the caller heard, for the control thread to recognise.
    public let heard = SPSCQueue<Int16>(capacity: 10 * AudioFormat.sampleRate)
    public private(set) var droppedSamples = 0
    private let generator = DTMFGenerator()
    private let digitBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: KeyString.capacity + 1)

    public init(port: Int) { self.port = port }

    deinit { digitBuffer.deallocate() }

    /// Queues keys to send as DTMF (80 ms tones, 80 ms gaps).
    public func press(_ keys: KeyString) {
        let count = keys.copyASCII(into: digitBuffer)
        digitBuffer[count] = 0
        generator.enqueue(cString: digitBuffer)
    }

    public func send(into audio: UnsafeMutableBufferPointer<Int16>, frame: Int64) {
        generator.generate(into: audio)
    }

    public func receive(_ audio: UnsafeBufferPointer<Int16>, frame: Int64) {
        for sample in audio where !heard.push(sample) {
            droppedSamples += 1
        }
    }

    public func answered(frame: Int64) {}
    public func released(frame: Int64) {}
}
