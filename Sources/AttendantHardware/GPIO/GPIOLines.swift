import AttendantBoard

/// What the board needs of an input line each frame.
public protocol GPIOInput: AnyObject {
    /// Reads the edges that arrived since the last call (without waiting) and the
    /// line's logical level now (active-low already applied).
    func poll() throws(GPIOError) -> (active: Bool, edges: Int)
}

/// What the board needs of an output line.
public protocol GPIOOutput: AnyObject {
    func set(active: Bool) throws(GPIOError)
}

/// Where the board gets its lines: libgpiod (`GPIODChips`) on a target, or a
/// simulation in tests that have no GPIO chip.
public protocol GPIOLineProvider: AnyObject {
    func input(_ line: GPIOLine, consumer: String) throws(GPIOError) -> GPIOInput
    func output(_ line: GPIOLine, consumer: String, initiallyActive: Bool) throws(GPIOError) -> GPIOOutput
}

public struct GPIOError: Error, Sendable, CustomStringConvertible, Equatable {
    public var chip: String
    public var offset: Int?
    public var operation: String
    public var errno: Int32

    public init(chip: String, offset: Int?, operation: String, errno: Int32) {
        self.chip = chip
        self.offset = offset
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        let line = offset.map { " line \($0)" } ?? ""
        return "\(chip)\(line): \(operation): \(String(cString: strerror(errno)))"
    }
}

#if canImport(Glibc)
import Glibc
#endif
