import AttendantBoard
import Atomics

/// One port's GPIO lines and what reads them: ring detection and the hook relay on
/// an FXO line; off-hook sense, hook flash and the ring generator on an FXS phone;
/// the LEDs of either. Advanced once per frame by the media thread: a bounded number
/// of non-blocking GPIO calls, and an output is written only when it changes.
final class PortSignalling {
    private let index: Int
    private let ringDetect: GPIOInput?
    private let offHookSense: GPIOInput?
    private let hookRelay: GPIOOutput?
    private let ringGenerator: GPIOOutput?
    private let lineLED: GPIOOutput?
    private let messageWaitingLED: GPIOOutput?
    private var messageWaitingOn = false
    private var ringDetector: RingDetector
    private var hookMonitor: HookMonitor
    /// The FXS ring cadence: alternating on/off times.
    private let ringPattern: [Int]
    private let ringPeriod: Int
    private var ringingSince: Int?
    private var ringOutput = false
    private var ledOn = false
    private var offHook = false
    /// What the console shows of the port; written here, read by other threads.
    let counters = PortCounters()

    init(port: PortDescription, index: Int, board: BoardDescription, gpio: GPIOLineProvider, consumer: String) throws(GPIOError) {
        self.index = index
        let label = "\(consumer) port \(port.number)"
        func input(_ role: GPIORole) throws(GPIOError) -> GPIOInput? {
            guard let line = port.lines[role] else { return nil }
            return try gpio.input(line, consumer: "\(label) \(role.rawValue)")
        }
        func output(_ role: GPIORole) throws(GPIOError) -> GPIOOutput? {
            guard let line = port.lines[role] else { return nil }
            return try gpio.output(line, consumer: "\(label) \(role.rawValue)", initiallyActive: false)
        }
        ringDetect = try input(.ringDetect)
        offHookSense = try input(.offHookSense)
        hookRelay = try output(.hookRelay)
        ringGenerator = try output(.ringGenerator)
        lineLED = try output(.lineLED)
        messageWaitingLED = try output(.messageWaitingLED)
        ringDetector = RingDetector(settings: board.ring, cadences: board.cadences)
        hookMonitor = HookMonitor(debounceMilliseconds: port.lines[.offHookSense]?.debounceMilliseconds ?? 0,
                                  flashMilliseconds: board.flashMilliseconds)
        ringPattern = board.cadences.first?.milliseconds ?? [2000, 4000]
        ringPeriod = ringPattern.reduce(0, +)
    }

    func advance(at now: Int, into signals: inout SignalQueue, statistics: HardwareStatistics) {
        do throws(GPIOError) {
            if let ringDetect {
                let reading = try ringDetect.poll()
                let active = reading.active || reading.edges > 0
                switch ringDetector.update(active: active, at: now) {
                case .ringStarted:
                    counters.rings.wrappingIncrement(ordering: .relaxed)
                    signals.push(.ringStarted(port: index))
                case .ringStopped(let cadence):
                    counters.lastCadence.store(cadence ?? -1, ordering: .relaxed)
                    signals.push(.ringStopped(port: index))
                case nil: break
                }
                if !offHook { try setLED(active) }
            }
            if let offHookSense {
                let reading = try offHookSense.poll()
                switch hookMonitor.update(offHook: reading.active, at: now) {
                case .offHook:
                    try setRinging(false, at: now)
                    signals.push(.offHook(port: index))
                case .flash:
                    counters.flashes.wrappingIncrement(ordering: .relaxed)
                    signals.push(.hookFlash(port: index))
                case .onHook:
                    counters.hangUps.wrappingIncrement(ordering: .relaxed)
                    signals.push(.onHook(port: index))
                case nil: break
                }
                offHook = hookMonitor.isOffHook
                counters.offHook.store(offHook, ordering: .relaxed)
            }
            if let ringingSince, let ringGenerator {
                let phase = (now - ringingSince) % ringPeriod
                var elapsed = 0, on = false
                for (segment, length) in ringPattern.enumerated() {
                    if phase < elapsed + length { on = segment % 2 == 0; break }
                    elapsed += length
                }
                if on != ringOutput {
                    ringOutput = on
                    try ringGenerator.set(active: on)
                }
                try setLED(on || offHook)
            } else if offHookSense != nil {
                try setLED(offHook)
            }
        } catch {
            statistics.gpioFailures.wrappingIncrement(ordering: .relaxed)
        }
    }

    func setHook(_ state: HookState, statistics: HardwareStatistics) {
        offHook = state == .offHook
        counters.offHook.store(offHook, ordering: .relaxed)
        do throws(GPIOError) {
            try hookRelay?.set(active: offHook)
            try setLED(offHook)
        } catch {
            statistics.gpioFailures.wrappingIncrement(ordering: .relaxed)
        }
    }

    func setRinging(_ ringing: Bool, at now: Int, statistics: HardwareStatistics) {
        do throws(GPIOError) { try setRinging(ringing, at: now) } catch {
            statistics.gpioFailures.wrappingIncrement(ordering: .relaxed)
        }
    }

    private func setRinging(_ ringing: Bool, at now: Int) throws(GPIOError) {
        guard ringGenerator != nil else { return }
        if ringing {
            // A phone already off hook is not rung.
            if ringingSince == nil, !offHook { ringingSince = now }
        } else {
            ringingSince = nil
            if ringOutput {
                ringOutput = false
                try ringGenerator?.set(active: false)
            }
        }
    }

    /// The `mwi-led` line follows the port's box: lit while it has new messages.
    func setMessageWaiting(_ on: Bool, statistics: HardwareStatistics) {
        guard on != messageWaitingOn, let messageWaitingLED else { return }
        messageWaitingOn = on
        do throws(GPIOError) { try messageWaitingLED.set(active: on) } catch {
            statistics.gpioFailures.wrappingIncrement(ordering: .relaxed)
        }
    }

    private func setLED(_ on: Bool) throws(GPIOError) {
        guard on != ledOn, let lineLED else { return }
        ledOn = on
        try lineLED.set(active: on)
    }
}

/// A port's signalling as the console shows it.
final class PortCounters: Sendable {
    let offHook = ManagedAtomic<Bool>(false)
    let rings = ManagedAtomic<Int>(0)
    let lastCadence = ManagedAtomic<Int>(-1)
    let flashes = ManagedAtomic<Int>(0)
    let hangUps = ManagedAtomic<Int>(0)
}
