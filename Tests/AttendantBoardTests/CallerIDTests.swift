import AttendantBoard
import AttendantDSP
import Testing

/// Caller ID as FSK between the first and second ring, through the line model.
@Suite struct CallerIDTests {
    @Test(arguments: [CallerIDStandard.bellcoreClass, .etsiClip])
    func numberArrivesBetweenTheFirstAndSecondRing(standard: CallerIDStandard) {
        let board = SimulatedBoard(portCount: 1, callerID: standard)
        var driver = BoardDriver(board: board)
        board.placeCall(toPort: 0, from: TestFarEnd(), callerNumber: "5551234")
        let receiver = CallerIDReceiver(standard: standard)
        var numberAt: Int?
        var secondRingAt: Int?
        var rings = 0
        for frame in 1...400 {
            let (captured, signals) = driver.step()
            rings += signals.filter { $0 == .ringStarted(port: 0) }.count
            if rings == 2, secondRingAt == nil { secondRingAt = frame }
            captured.withUnsafeBufferPointer { receiver.process($0) }
            if numberAt == nil, receiver.number != nil { numberAt = frame }
        }
        #expect(receiver.number == "5551234")
        let arrived = try! #require(numberAt)
        #expect(arrived > 100, "after the first ring")
        #expect(arrived < secondRingAt ?? .max, "before the second ring")
    }

    @Test func noNumberNoSignal() {
        let board = SimulatedBoard(portCount: 1)
        var driver = BoardDriver(board: board)
        board.placeCall(toPort: 0, from: TestFarEnd())
        var loudest: Int16 = 0
        for _ in 1...300 {
            loudest = max(loudest, driver.step().captured.map { abs($0) }.max() ?? 0)
        }
        #expect(loudest == 0)
    }
}
