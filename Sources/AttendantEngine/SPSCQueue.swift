import Atomics

/// A bounded, lock-free queue between exactly one producer thread and one consumer
/// thread. Neither side ever blocks or allocates after init: a full queue refuses
/// the element (`push` returns false) and the producer decides what that means —
/// the media loop counts it and moves on.
public final class SPSCQueue<Element: BitwiseCopyable>: @unchecked Sendable {
    // The buffer is shared, but each slot is written only by the producer before it
    // publishes `tail`, and read only by the consumer before it publishes `head`.
    private let slots: UnsafeMutablePointer<Element>
    private let capacity: Int
    private let head = ManagedAtomic<Int>(0)
    private let tail = ManagedAtomic<Int>(0)

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity + 1
        slots = .allocate(capacity: capacity + 1)
    }

    deinit { slots.deallocate() }

    /// Producer side. Returns false when the queue is full.
    @discardableResult
    public func push(_ element: Element) -> Bool {
        let tail = self.tail.load(ordering: .relaxed)
        let next = tail + 1 == capacity ? 0 : tail + 1
        if next == head.load(ordering: .acquiring) { return false }
        (slots + tail).initialize(to: element)
        self.tail.store(next, ordering: .releasing)
        return true
    }

    /// Consumer side.
    public func pop() -> Element? {
        let head = self.head.load(ordering: .relaxed)
        if head == tail.load(ordering: .acquiring) { return nil }
        let element = slots[head]
        self.head.store(head + 1 == capacity ? 0 : head + 1, ordering: .releasing)
        return element
    }

    public var isEmpty: Bool {
        head.load(ordering: .acquiring) == tail.load(ordering: .acquiring)
    }
}
