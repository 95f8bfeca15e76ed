import AttendantBoard
import AttendantHardware

/// A libgpiod-level simulation of GPIO lines, for tests on machines without a GPIO
/// chip (the kernel's gpio-sim runs only inside the test VM, image/testvm). Inputs
/// are driven by the test; outputs remember every change with the frame it came in.
final class SimulatedGPIO: GPIOLineProvider {
    final class Input: GPIOInput {
        var active = false
        var pendingEdges = 0
        func poll() throws(GPIOError) -> (active: Bool, edges: Int) {
            defer { pendingEdges = 0 }
            return (active, pendingEdges)
        }
    }

    final class Output: GPIOOutput {
        private(set) var active = false
        private(set) var changes: [(frame: Int, active: Bool)] = []
        var frame: () -> Int = { 0 }
        func set(active: Bool) throws(GPIOError) {
            if active != self.active { changes.append((frame(), active)) }
            self.active = active
        }
    }

    private(set) var inputs: [Int: Input] = [:]
    private(set) var outputs: [Int: Output] = [:]
    var frame = 0

    func input(_ line: GPIOLine, consumer: String) throws(GPIOError) -> GPIOInput {
        let input = Input()
        inputs[line.offset] = input
        return input
    }

    func output(_ line: GPIOLine, consumer: String, initiallyActive: Bool) throws(GPIOError) -> GPIOOutput {
        let output = Output()
        output.frame = { [unowned self] in frame }
        outputs[line.offset] = output
        return output
    }
}
