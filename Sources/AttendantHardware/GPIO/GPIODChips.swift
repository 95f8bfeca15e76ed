import AttendantBoard
import CGPIOD
import Glibc

/// GPIO lines through libgpiod's v1.6 API (Debian bookworm). Everything libgpiod
/// is here: a port to the v2 API replaces this file only.
///
/// Chips open on first use and stay open while any of their lines is requested.
public final class GPIODChips: GPIOLineProvider {
    private var chips: [String: GPIODChip] = [:]

    public init() {}

    public func input(_ line: GPIOLine, consumer: String) throws(GPIOError) -> GPIOInput {
        let chip = try chip(line.chip)
        let handle = try chip.line(line.offset)
        let flags = line.activeLow ? Int32(GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW) : 0
        guard gpiod_line_request_both_edges_events_flags(handle, consumer, flags) == 0 else {
            throw GPIOError(chip: line.chip, offset: line.offset, operation: "request edge events", errno: errno)
        }
        return GPIODInput(chip: chip, handle: handle, name: line.chip, offset: line.offset)
    }

    public func output(_ line: GPIOLine, consumer: String, initiallyActive: Bool) throws(GPIOError) -> GPIOOutput {
        let chip = try chip(line.chip)
        let handle = try chip.line(line.offset)
        let flags = line.activeLow ? Int32(GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW) : 0
        guard gpiod_line_request_output_flags(handle, consumer, flags, initiallyActive ? 1 : 0) == 0 else {
            throw GPIOError(chip: line.chip, offset: line.offset, operation: "request as output", errno: errno)
        }
        return GPIODOutput(chip: chip, handle: handle, name: line.chip, offset: line.offset)
    }

    /// How many lines the chip has, for `attendant board check --target`.
    public func lineCount(chip name: String) throws(GPIOError) -> Int {
        Int(gpiod_chip_num_lines(try chip(name).handle))
    }

    private func chip(_ name: String) throws(GPIOError) -> GPIODChip {
        if let chip = chips[name] { return chip }
        guard let handle = gpiod_chip_open_lookup(name) else {
            throw GPIOError(chip: name, offset: nil, operation: "open chip", errno: errno)
        }
        let chip = GPIODChip(handle: handle, name: name)
        chips[name] = chip
        return chip
    }
}

/// One open chip; closing it releases every line requested through it, so lines
/// keep their chip alive.
final class GPIODChip {
    let handle: OpaquePointer
    let name: String

    init(handle: OpaquePointer, name: String) {
        self.handle = handle
        self.name = name
    }

    deinit { gpiod_chip_close(handle) }

    func line(_ offset: Int) throws(GPIOError) -> OpaquePointer {
        guard offset < Int(gpiod_chip_num_lines(handle)), let line = gpiod_chip_get_line(handle, UInt32(offset)) else {
            throw GPIOError(chip: name, offset: offset, operation: "find line (the chip has \(gpiod_chip_num_lines(handle)))", errno: EINVAL)
        }
        return line
    }
}

final class GPIODInput: GPIOInput {
    private let chip: GPIODChip
    private let handle: OpaquePointer
    private let name: String
    private let offset: Int
    /// Events read in one go; more than this in 20 ms are counted on the next frame.
    private let events = UnsafeMutablePointer<gpiod_line_event>.allocate(capacity: 16)

    init(chip: GPIODChip, handle: OpaquePointer, name: String, offset: Int) {
        self.chip = chip
        self.handle = handle
        self.name = name
        self.offset = offset
    }

    deinit {
        gpiod_line_release(handle)
        events.deallocate()
    }

    func poll() throws(GPIOError) -> (active: Bool, edges: Int) {
        var noWait = timespec(tv_sec: 0, tv_nsec: 0)
        var edges = 0
        let ready = gpiod_line_event_wait(handle, &noWait)
        if ready < 0 { throw GPIOError(chip: name, offset: offset, operation: "wait for events", errno: errno) }
        if ready > 0 {
            let count = gpiod_line_event_read_multiple(handle, events, 16)
            if count < 0 { throw GPIOError(chip: name, offset: offset, operation: "read events", errno: errno) }
            edges = Int(count)
        }
        let value = gpiod_line_get_value(handle)
        if value < 0 { throw GPIOError(chip: name, offset: offset, operation: "read value", errno: errno) }
        return (value == 1, edges)
    }
}

final class GPIODOutput: GPIOOutput {
    private let chip: GPIODChip
    private let handle: OpaquePointer
    private let name: String
    private let offset: Int

    init(chip: GPIODChip, handle: OpaquePointer, name: String, offset: Int) {
        self.chip = chip
        self.handle = handle
        self.name = name
        self.offset = offset
    }

    deinit { gpiod_line_release(handle) }

    func set(active: Bool) throws(GPIOError) {
        if gpiod_line_set_value(handle, active ? 1 : 0) < 0 {
            throw GPIOError(chip: name, offset: offset, operation: "set value", errno: errno)
        }
    }
}
