/// The program at the other end of a simulated line: a scripted test caller, the
/// demo caller of `attendant run`. It is called on the media thread once per frame
/// while its call exists; `frame` is the board's frame count.
public protocol FarEnd: AnyObject {
    /// Fills what the far end sends this frame (silence, DTMF, speech).
    func send(into audio: UnsafeMutableBufferPointer<Int16>, frame: Int64)
    /// What the far end hears this frame, after the line model.
    func receive(_ audio: UnsafeBufferPointer<Int16>, frame: Int64)
    /// The port answered: the call is connected.
    func answered(frame: Int64)
    /// The port hung up on the far end.
    func released(frame: Int64)
}
