@testable import AttendantHardware
import AttendantBoard
import AttendantDSP
import AttendantTestSupport
import Foundation
import Testing

/// An FXS phone on the hardware board: rung with the board's cadence through its
/// ring-generator line, ringing stopped when it goes off hook, flash and hang-up
/// reported as signals. Audio runs on alsa-lib's null PCM.
@Suite struct FXSPortTests {
    static let source = """
        board "FXS"
        cadence normal 1s 2s
        flash 100ms 600ms
        port 1 fxs {
            capture "null"
            playback "null"
            off-hook line 4 debounce 20ms
            ring-generator line 5
            led line 10
            mwi-led line 11
        }
        """

    /// The board file's `mwi-led` follows message waiting, written only when it changes.
    @Test func theMessageWaitingLampFollowsTheBox() throws {
        let gpio = SimulatedGPIO()
        let board = try HardwareBoard(description: try BoardFile.parse(Self.source, file: "fxs.board").get(), gpio: gpio)
        let lamp = gpio.outputs[11]!
        #expect(lamp.changes.isEmpty)
        gpio.frame = 10
        board.setMessageWaiting(true, port: 0)
        board.setMessageWaiting(true, port: 0)
        gpio.frame = 20
        board.setMessageWaiting(false, port: 0)
        #expect(lamp.changes.map(\.active) == [true, false])
        #expect(lamp.changes.map(\.frame) == [10, 20])
        #expect(gpio.outputs[10]!.changes.isEmpty, "the line's own LED is another line")
    }

    @Test func ringsWithTheCadenceStopsOnAnswerAndToldFlashFromHangUp() throws {
        let gpio = SimulatedGPIO()
        let board = try HardwareBoard(description: try BoardFile.parse(Self.source, file: "fxs.board").get(), gpio: gpio)
        let capture = UnsafeMutableBufferPointer<Int16>.allocate(capacity: AudioFormat.samplesPerFrame)
        defer { capture.deallocate() }
        let silence = [Int16](repeating: 0, count: AudioFormat.samplesPerFrame)
        var signals: [(Int, PortSignal)] = []
        let hook = gpio.inputs[4]!
        var frame = 0
        func run(frames: Int) {
            for _ in 0..<frames {
                gpio.frame = frame
                frame += 1
                board.readFrame(into: capture)
                silence.withUnsafeBufferPointer { board.writeFrame($0) }
                while let signal = board.nextSignal() { signals.append((frame, signal)) }
            }
        }
        board.setRinging(true, port: 0)
        run(frames: 475)                                // 9.5 s: rings at 0, 3, 6 and 9 s, 1 s each
        let ringer = gpio.outputs[5]!
        #expect(ringer.changes.map(\.active) == [true, false, true, false, true, false, true])
        #expect(ringer.changes.map(\.frame) == [0, 49, 149, 199, 299, 349, 449])
        hook.active = true                              // answered during the fourth ring
        run(frames: 100)
        #expect(ringer.changes.count == 8 && ringer.changes.last! == (476, false))
        hook.active = false                             // 300 ms on hook: a flash
        run(frames: 15)
        hook.active = true
        run(frames: 50)
        hook.active = false                             // 1 s on hook: hung up
        run(frames: 50)
        #expect(signals.map(\.1) == [.offHook(port: 0), .hookFlash(port: 0), .onHook(port: 0)])
        #expect(gpio.outputs[10]!.active == false, "the LED is off once the phone is hung up")
        #expect(board.portLines() == ["port 1 FXS        on hook, 1 flashes, 1 hang-ups"])
    }
}
