import AttendantBoard
import Testing

@Suite struct RingDetectorTests {
    private static let cadences = [NamedCadence(name: "normal", milliseconds: [2000, 4000]),
                                   NamedCadence(name: "distinctive", milliseconds: [800, 400, 800, 4000])]

    /// Runs the detector over on/off segments (ms), 20 ms frames, the input pulsing at
    /// 20 Hz while "on" as many ring-detect circuits do; returns events with times.
    private func run(_ segments: [Int], repeats: Int = 1, settings: RingDetection = RingDetection()) -> [(Int, RingDetector.Event)] {
        var detector = RingDetector(settings: settings, cadences: Self.cadences)
        var events: [(Int, RingDetector.Event)] = []
        var now = 0
        for _ in 0..<repeats {
            for (index, length) in segments.enumerated() {
                for _ in 0..<(length / 20) {
                    now += 20
                    // Pulsing: active on alternate 25 ms halves; a 20 ms frame always sees an edge.
                    if let event = detector.update(active: index % 2 == 0, at: now) { events.append((now, event)) }
                }
            }
        }
        for _ in 0..<300 {
            now += 20
            if let event = detector.update(active: false, at: now) { events.append((now, event)) }
        }
        return events
    }

    @Test func normalRingsStartOncePerCycleAndMatchTheirCadence() {
        let events = run([2000, 4000], repeats: 3)
        #expect(events.filter { $0.1 == .ringStarted }.map(\.0) == [180, 6180, 12180])
        #expect(events.filter { $0.1 != .ringStarted }.map(\.1) == Array(repeating: .ringStopped(cadence: 0), count: 3))
    }

    @Test func aDistinctiveDoubleRingIsOneRing() {
        let events = run([800, 400, 800, 4000], repeats: 2)
        #expect(events.filter { $0.1 == .ringStarted }.count == 2)
        #expect(events.filter { $0.1 != .ringStarted }.map(\.1) == [.ringStopped(cadence: 1), .ringStopped(cadence: 1)])
    }

    @Test func burstsShorterThanTheMinimumAreNotRings() {
        #expect(run([100, 4000], repeats: 3).isEmpty)
        // Just long enough: rings, but matches no named cadence.
        let events = run([300, 4000])
        #expect(events.map(\.1) == [.ringStarted, .ringStopped(cadence: nil)])
    }
}

@Suite struct HookMonitorTests {
    /// Feeds levels held for the given times (ms) in 20 ms frames, starting on hook.
    private func run(_ segments: [(offHook: Bool, milliseconds: Int)], debounce: Int = 20) -> [HookMonitor.Event] {
        var monitor = HookMonitor(debounceMilliseconds: debounce, flashMilliseconds: 100...600)
        var events: [HookMonitor.Event] = []
        var now = 0
        for segment in segments {
            for _ in 0..<(segment.milliseconds / 20) {
                now += 20
                if let event = monitor.update(offHook: segment.offHook, at: now) { events.append(event) }
            }
        }
        return events
    }

    @Test func flashAndHangUpAreToldApartByDuration() {
        #expect(run([(false, 200), (true, 1000), (false, 300), (true, 1000)]) == [.offHook, .flash])
        #expect(run([(false, 200), (true, 1000), (false, 900), (true, 1000)]) == [.offHook, .onHook, .offHook])
        // At the edges of the flash range.
        #expect(run([(false, 200), (true, 1000), (false, 600), (true, 500)]) == [.offHook, .flash])
        #expect(run([(false, 200), (true, 1000), (false, 640), (true, 500)]) == [.offHook, .onHook, .offHook])
    }

    @Test func bouncesAndBumpsAreNotSignals() {
        // 20 ms bounces shorter than the 40 ms debounce, then a 60 ms bump of the hook.
        let events = run([(false, 100), (true, 20), (false, 20), (true, 1000), (false, 20), (true, 500),
                          (false, 60), (true, 500)], debounce: 40)
        #expect(events == [.offHook])
    }
}
