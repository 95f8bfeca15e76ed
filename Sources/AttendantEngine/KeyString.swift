/// Up to 24 ASCII characters (DTMF keys, a caller number) held inline, so that a
/// command carrying them can cross a lock-free queue without touching the heap.
public struct KeyString: Sendable, Equatable, BitwiseCopyable, CustomStringConvertible {
    public static let capacity = 24
    private var bytes: (UInt64, UInt64, UInt64) = (0, 0, 0)
    public private(set) var count: Int = 0

    /// No characters.
    public init() {}

    /// Nil when `text` is longer than `capacity` or not ASCII.
    public init?(_ text: String) {
        let ascii = Array(text.utf8)
        guard ascii.count <= Self.capacity, ascii.allSatisfy({ $0 < 0x80 }) else { return nil }
        for (index, byte) in ascii.enumerated() { set(byte, at: index) }
        count = ascii.count
    }

    /// From bytes produced one at a time (a C buffer), without touching the heap.
    public init(count: Int, byteAt: (Int) -> UInt8) {
        self.count = min(count, Self.capacity)
        for index in 0..<self.count { set(byteAt(index), at: index) }
    }

    public subscript(index: Int) -> UInt8 {
        let word: UInt64 = switch index / 8 {
        case 0: bytes.0
        case 1: bytes.1
        default: bytes.2
        }
        return UInt8(truncatingIfNeeded: word >> UInt64((index % 8) * 8))
    }

    /// Adds a character at the end; false when full.
    @discardableResult
    public mutating func append(_ byte: UInt8) -> Bool {
        guard count < Self.capacity else { return false }
        set(byte, at: count)
        count += 1
        return true
    }

    public func hasPrefix(_ prefix: KeyString) -> Bool {
        guard prefix.count <= count else { return false }
        for index in 0..<prefix.count where self[index] != prefix[index] { return false }
        return true
    }

    /// The digits as a number; nil when empty, not all digits, or too long for an Int.
    public var integerValue: Int? {
        guard count > 0, count <= 18 else { return nil }
        var value = 0
        for index in 0..<count {
            let byte = self[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Writes the characters (no terminator) and returns how many.
    public func copyASCII(into buffer: UnsafeMutablePointer<CChar>) -> Int {
        for index in 0..<count { buffer[index] = CChar(bitPattern: self[index]) }
        return count
    }

    public var description: String {
        String(decoding: (0..<count).map { self[$0] }, as: UTF8.self)
    }

    public static func == (lhs: KeyString, rhs: KeyString) -> Bool {
        lhs.count == rhs.count && lhs.bytes.0 == rhs.bytes.0 && lhs.bytes.1 == rhs.bytes.1 && lhs.bytes.2 == rhs.bytes.2
    }

    private mutating func set(_ byte: UInt8, at index: Int) {
        let shifted = UInt64(byte) << UInt64((index % 8) * 8)
        switch index / 8 {
        case 0: bytes.0 |= shifted
        case 1: bytes.1 |= shifted
        default: bytes.2 |= shifted
        }
    }
}
