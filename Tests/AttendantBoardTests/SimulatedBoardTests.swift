import AttendantBoard
import AttendantDSP
import Testing

@Suite struct SimulatedBoardTests {
    @Test func ringsWithTheCadenceUntilAnswered() {
        let board = SimulatedBoard(portCount: 2, cadence: .northAmerica)
        var driver = BoardDriver(board: board)
        let caller = TestFarEnd()
        #expect(board.placeCall(toPort: 0, from: caller))
        #expect(!board.placeCall(toPort: 0, from: TestFarEnd()), "a ringing line is busy")
        var edges: [(Int, PortSignal)] = []
        for frame in 1...700 {
            for signal in driver.step().signals { edges.append((frame, signal)) }
        }
        // 2 s on, 4 s off: rings start at frames 1 and 301, stop at 101 and 401.
        #expect(edges.map(\.0) == [1, 101, 301, 401, 601])
        #expect(edges.map(\.1) == [.ringStarted(port: 0), .ringStopped(port: 0), .ringStarted(port: 0),
                                   .ringStopped(port: 0), .ringStarted(port: 0)])
        board.setHook(.offHook, port: 0)
        #expect(caller.answeredAt != nil)
        #expect(board.nextSignal() == .ringStopped(port: 0))
    }

    @Test func farEndHangUpDropsLoopCurrentAndPortHangUpReleasesTheCaller() {
        let board = SimulatedBoard(portCount: 1)
        var driver = BoardDriver(board: board)
        let caller = TestFarEnd()
        board.placeCall(toPort: 0, from: caller)
        _ = driver.step()
        board.setHook(.offHook, port: 0)
        board.hangUp(port: 0)
        #expect(driver.step().signals.contains(.loopCurrentDropped(port: 0)))
        #expect(board.isLineBusy(port: 0), "the line stays busy until the port hangs up")
        board.setHook(.onHook, port: 0)
        #expect(!board.isLineBusy(port: 0))

        let second = TestFarEnd()
        board.placeCall(toPort: 0, from: second)
        _ = driver.step()
        board.setHook(.offHook, port: 0)
        board.setHook(.onHook, port: 0)
        #expect(second.releasedAt != nil)
    }

    @Test func lineModelLosesLevelAddsNoiseAndEchoesThePortsPlayback() {
        let settings = LineModelSettings(lossDB: 6, signalToNoiseDB: 30, echoDB: -15, echoDelayMilliseconds: 4,
                                         companding: .muLaw, seed: 3)
        let board = SimulatedBoard(portCount: 1, line: settings)
        var driver = BoardDriver(board: board)
        let caller = TestFarEnd()
        board.placeCall(toPort: 0, from: caller)
        _ = driver.step()
        board.setHook(.offHook, port: 0)

        // The port plays a steady 1 kHz-ish square wave of amplitude 8000; the caller sends silence.
        var captured: [Int16] = []
        for _ in 0..<50 {
            captured += driver.step { slice in
                for index in slice.indices { slice[index] = (index / 4) % 2 == 0 ? 8000 : -8000 }
            }.captured
        }
        let heardRMS = rms(caller.heard.suffix(4000))
        let echoRMS = rms(captured.suffix(4000))
        // −6 dB of loss: 8000 → ~4000; −15 dB of echo: 8000 → ~1420.
        #expect(abs(20 * log10(heardRMS / 8000) - -6) < 0.7, "heard at \(20 * log10(heardRMS / 8000)) dB")
        #expect(abs(20 * log10(echoRMS / 8000) - -15) < 0.7, "echo at \(20 * log10(echoRMS / 8000)) dB")
    }

    private func rms<C: Collection>(_ samples: C) -> Double where C.Element == Int16 {
        (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }
}

import Foundation
