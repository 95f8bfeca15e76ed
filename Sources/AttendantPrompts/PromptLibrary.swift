import AttendantMenu

/// Every prompt a program can play, decoded once into one block of 8 kHz linear PCM.
///
/// The media loop reads prompts through `samples(of:)`, which hands out a view into
/// that block: no copying, no allocation, no file access while a call is running.
public final class PromptLibrary: @unchecked Sendable {
    // Written once in init, read-only after: safe to share between threads.
    private let storage: UnsafeMutableBufferPointer<Int16>
    private let ranges: [Range<Int>]
    public let names: [String]

    /// - Parameter prompts: name and decoded audio of each prompt; its position is its `PromptID`.
    public init(prompts: [(name: String, samples: [Int16])]) {
        names = prompts.map(\.name)
        let total = prompts.reduce(0) { $0 + $1.samples.count }
        storage = .allocate(capacity: max(total, 1))
        var ranges: [Range<Int>] = []
        var offset = 0
        for prompt in prompts {
            _ = UnsafeMutableBufferPointer(rebasing: storage[offset ..< offset + prompt.samples.count])
                .initialize(fromContentsOf: prompt.samples)
            ranges.append(offset ..< offset + prompt.samples.count)
            offset += prompt.samples.count
        }
        self.ranges = ranges
    }

    deinit { storage.deallocate() }

    public var count: Int { ranges.count }

    @inline(__always)
    public func samples(of prompt: PromptID) -> UnsafeBufferPointer<Int16> {
        UnsafeBufferPointer(rebasing: storage[ranges[prompt]])
    }

    public func id(named name: String) -> PromptID? { names.firstIndex(of: name) }

    /// Total decoded audio, in bytes, for the console and start-up log.
    public var memoryBytes: Int { storage.count * MemoryLayout<Int16>.stride }

    /// Copies of every prompt with its name, for far ends that must recognise them.
    public var allPrompts: [(name: String, samples: [Int16])] {
        names.indices.map { (names[$0], Array(samples(of: $0))) }
    }
}
