import AttendantBoard
import AttendantDSP
import AttendantSyntax
import Foundation
import Testing

@Suite struct BoardFileTests {
    static let boardFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("board")

    private func problems(_ source: String) -> [String] {
        switch BoardFile.parse(source, file: "b.board") {
        case .success: []
        case .failure(let problems): problems.diagnostics.map(\.description)
        }
    }

    private static let minimalPort = """
        port 1 fxo {
            capture "hw:0,0"
            playback "hw:0,0"
            ring-detect line 0
            hook-relay line 1
        }
        """

    @Test(arguments: ["template.board", "loopback-vm.board"])
    func shippedBoardFilesAreValid(_ name: String) throws {
        let url = Self.boardFolder.appendingPathComponent(name)
        let source = try String(contentsOf: url, encoding: .utf8)
        let board = try BoardFile.parse(source, file: name).get()
        #expect(board.ports.map(\.number) == [1, 2, 3])
        #expect(board.ports.map(\.kind) == [.fxo, .fxo, .fxs])
    }

    @Test func readsEverySetting() throws {
        let source = """
            board "Test"
            tone-plan eu
            caller-id clip
            audio format alaw period 80 buffer 3
            gpio-chip "/dev/gpiochip2"
            ring minimum 300ms release 250ms answer-after 3
            cadence normal 1s 4s
            flash 80ms 700ms
            dtmf normal-twist 10 reverse-twist 4 echo-loss 12 echo-window 60ms
            port 7 fxs {
                capture "hw:1,0" channel 3
                playback "plughw:1,0" channel 2
                off-hook line 4 active-low debounce 20ms
                ring-generator chip gpiochip5 line 5
            }
            """
        let board = try BoardFile.parse(source, file: "b.board").get()
        #expect(board.name == "Test")
        #expect(board.tonePlan == .europe)
        #expect(board.callerID == .etsiClip)
        #expect(board.audio.format == .aLaw && board.audio.periodFrames == 80 && board.audio.bufferPeriods == 3)
        #expect(board.ring.minimumBurstMilliseconds == 300 && board.ring.releaseMilliseconds == 250)
        #expect(board.ring.answerAfterRings == 3)
        #expect(board.cadences == [NamedCadence(name: "normal", milliseconds: [1000, 4000])])
        #expect(board.flashMilliseconds == 80...700)
        let port = try #require(board.ports.first)
        #expect(port.number == 7 && port.kind == .fxs)
        #expect(port.capture == PCMChannel(device: "hw:1,0", channel: 3))
        #expect(port.playback == PCMChannel(device: "plughw:1,0", channel: 2))
        let hook = try #require(port.lines[.offHookSense])
        #expect(hook.chip == "/dev/gpiochip2" && hook.offset == 4 && hook.activeLow && hook.debounceMilliseconds == 20)
        #expect(hook.location == SourceLocation(file: "b.board", line: 13, column: 5))
        #expect(board.dtmf.normalTwistDB == 10 && board.dtmf.reverseTwistDB == 4)
        #expect(board.dtmf.echoReturnLossDB == 12 && board.dtmf.echoWindowMilliseconds == 60)
        #expect(port.lines[.ringGenerator]?.chip == "gpiochip5")
    }

    @Test func errorsCarryTheirExactPosition() {
        let cases: [(String, String)] = [
            ("board \"x\"\ntone-plan mars\n\(Self.minimalPort)",
             "b.board:2:11: error: unknown tone plan 'mars': expected one of us, eu, ru"),
            ("board \"x\"\naudio rate 16000\n\(Self.minimalPort)",
             "b.board:2:12: error: a sample rate must be from 8000 to 8000, not 16000"),
            ("board \"x\"\nport 1 fxo {\n    capture \"hw:0,0\"\n    playback \"hw:0,0\"\n    ring-detect line 0\n}",
             "b.board:2:1: error: port 1 (FXO) has no hook-relay line"),
            ("board \"x\"\nport 1 fxo {\n    capture \"hw:0,0\"\n    playback \"hw:0,0\"\n    ring-detect line 0\n    hook-relay line 1\n    off-hook line 2\n}",
             "b.board:7:5: error: an FXO port has no off-hook line"),
            ("board \"x\"\nport 1 fxo {\n    capture \"hw:0,0\"\n    playback \"hw:0,0\"\n    ring-detect line 0\n    hook-relay line 1 debounce 5ms\n}",
             "b.board:6:23: error: hook-relay is an output: only inputs are debounced"),
            ("board \"x\"\n\(Self.minimalPort)\nport 2 fxo {\n    capture \"hw:0,1\"\n    playback \"hw:0,1\"\n    ring-detect line 1\n    hook-relay line 2\n}",
             "b.board:11:5: error: gpiochip0 line 1 is already port 1's hook-relay line (at 6:5)"),
            ("board \"x\"\n\(Self.minimalPort)\nport 2 fxo {\n    capture \"hw:0,0\"\n    playback \"hw:0,1\"\n    ring-detect line 2\n    hook-relay line 3\n}",
             "b.board:9:5: error: capture \"hw:0,0\" channel 0 is already port 1's"),
            ("board \"x\"\n\(Self.minimalPort)\n\(Self.minimalPort)",
             "b.board:8:1: error: a second port 1 (the first is at 2:1)"),
            ("tone-plan us\n\(Self.minimalPort)",
             "b.board:1:1: error: the file does not name its board: start it with board \"NAME\""),
            ("board \"x\"\ncadence odd 2s\n\(Self.minimalPort)",
             "b.board:2:15: error: a cadence is pairs of on and off times, such as 2s 4s"),
            ("board \"x\"\nring minimum 5\n\(Self.minimalPort)",
             "b.board:2:14: error: duration '5' needs a unit: s or ms"),
            ("board \"x\"\nport 1 fxo {\n    capture hw:0,0\n}",
             "b.board:3:13: error: expected an ALSA PCM name such as \"hw:0,0\" in quotes, found 'hw'"),
            ("board \"x\"\nhook 5\n\(Self.minimalPort)",
             "b.board:2:1: error: unknown statement 'hook': expected board, tone-plan, caller-id, audio, gpio-chip, ring, cadence, flash, dtmf or port"),
            ("board \"x\"\ndtmf normal-twist 30\n\(Self.minimalPort)",
             "b.board:2:19: error: a twist in dB must be from 0 to 20, not 30"),
            ("board \"x\"",
             "b.board:1:1: error: the board has no ports"),
        ]
        for (source, expected) in cases {
            #expect(problems(source).first == expected, "\(source)")
        }
    }

    @Test func reportsEveryIndependentMistakeInOneRun() {
        let source = "board \"x\"\ntone-plan mars\ncaller-id smoke\n\(Self.minimalPort)"
        #expect(problems(source).count == 2)
    }
}
