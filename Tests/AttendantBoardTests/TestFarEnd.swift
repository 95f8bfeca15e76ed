import AttendantBoard
import AttendantDSP

/// A far end for board tests: sends DTMF, keeps what it hears, notes signalling.
final class TestFarEnd: FarEnd {
    let generator: DTMFGenerator
    var heard: [Int16] = []
    var answeredAt: Int64?
    var releasedAt: Int64?

    init(toneMilliseconds: Int = 80, gapMilliseconds: Int = 80, levelDBm0: Int = -10) {
        generator = DTMFGenerator(toneMilliseconds: toneMilliseconds, gapMilliseconds: gapMilliseconds,
                                  levelDBm0: levelDBm0)
    }

    func send(into audio: UnsafeMutableBufferPointer<Int16>, frame: Int64) { generator.generate(into: audio) }
    func receive(_ audio: UnsafeBufferPointer<Int16>, frame: Int64) { heard.append(contentsOf: audio) }
    func answered(frame: Int64) { answeredAt = frame }
    func released(frame: Int64) { releasedAt = frame }
}

/// Drives a board by hand, as the engine would: read a frame, write a frame.
struct BoardDriver {
    let board: SimulatedBoard
    var capture: [Int16]
    var playback: [Int16]

    init(board: SimulatedBoard) {
        self.board = board
        capture = Array(repeating: 0, count: board.portCount * AudioFormat.samplesPerFrame)
        playback = capture
    }

    /// One frame; returns port 0's captured audio and the signals raised.
    mutating func step(play: (inout ArraySlice<Int16>) -> Void = { _ in }) -> (captured: [Int16], signals: [PortSignal]) {
        capture.withUnsafeMutableBufferPointer { board.readFrame(into: $0) }
        var signals: [PortSignal] = []
        while let signal = board.nextSignal() { signals.append(signal) }
        var slice = playback[0 ..< AudioFormat.samplesPerFrame]
        play(&slice)
        playback.replaceSubrange(0 ..< AudioFormat.samplesPerFrame, with: slice)
        playback.withUnsafeBufferPointer { board.writeFrame($0) }
        return (Array(capture[0 ..< AudioFormat.samplesPerFrame]), signals)
    }
}
