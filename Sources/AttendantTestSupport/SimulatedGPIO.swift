import AttendantBoard
import AttendantHardware

/// A libgpiod-level simulation of GPIO lines, for tests on machines without a GPIO
/// chip (the kernel's gpio-sim runs only inside the test VM, image/testvm). Inputs
/// are driven by the test; outputs remember every change with the frame it came in.
public final class SimulatedGPIO: GPIOLineProvider {
    public final class Input: GPIOInput {
        public var active = false
        public var pendingEdges = 0
        public func poll() throws(GPIOError) -> (active: Bool, edges: Int) {
            defer { pendingEdges = 0 }
            return (active, pendingEdges)
        }
    }

    public final class Output: GPIOOutput {
        public private(set) var active = false
        public private(set) var changes: [(frame: Int, active: Bool)] = []
        var frame: () -> Int = { 0 }
        public func set(active: Bool) throws(GPIOError) {
            if active != self.active { changes.append((frame(), active)) }
            self.active = active
        }
    }

    public private(set) var inputs: [Int: Input] = [:]
    public private(set) var outputs: [Int: Output] = [:]
    public var frame = 0

    public init() {}

    public func input(_ line: GPIOLine, consumer: String) throws(GPIOError) -> GPIOInput {
        let input = Input()
        inputs[line.offset] = input
        return input
    }

    public func output(_ line: GPIOLine, consumer: String, initiallyActive: Bool) throws(GPIOError) -> GPIOOutput {
        let output = Output()
        output.frame = { [unowned self] in frame }
        outputs[line.offset] = output
        return output
    }
}
