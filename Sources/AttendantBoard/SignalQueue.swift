/// A fixed-capacity FIFO of signalling changes, used on one thread.
/// When full the oldest change is kept and the newest is dropped and counted:
/// a flood of ring edges must not grow memory in the media loop.
package struct SignalQueue {
    private var storage: [PortSignal]
    private var head = 0
    private var count = 0
    package private(set) var dropped = 0

    package init(capacity: Int) {
        storage = Array(repeating: .ringStopped(port: 0), count: capacity)
    }

    package mutating func push(_ signal: PortSignal) {
        guard count < storage.count else {
            dropped += 1
            return
        }
        storage[(head + count) % storage.count] = signal
        count += 1
    }

    package mutating func pop() -> PortSignal? {
        guard count > 0 else { return nil }
        let signal = storage[head]
        head = (head + 1) % storage.count
        count -= 1
        return signal
    }
}
