import AttendantBoard
import Foundation
import Testing

@Suite struct BoardSummaryTests {
    @Test func showBoardNamesTheFileItsGPIOChipALSADevicesAndEveryPortsLines() throws {
        let url = BoardFileTests.boardFolder.appendingPathComponent("loopback-vm.board")
        let board = try BoardFile.parse(try String(contentsOf: url, encoding: .utf8), file: "loopback-vm.board").get()
        let lines = board.summaryLines(file: "/usr/share/attendant/board.board")
        #expect(lines[0] == "board file /usr/share/attendant/board.board: 'QEMU test VM: snd-aloop and gpio-sim'")
        #expect(lines[1] == "tone plan us, caller ID class; audio s16le at 8000 Hz, 160-frame periods, 4 in the buffer")
        #expect(lines[2] == "GPIO chip gpiochip0")
        #expect(lines[3] == "ALSA capture: hw:Loopback,0,0 (3 channels)")
        #expect(lines[4] == "ALSA playback: hw:Loopback,0,0 (3 channels)")
        #expect(lines[5].hasPrefix("PORT  KIND  CAPTURE"))
        #expect(lines[6] == "1     fxo   hw:Loopback,0,0 ch 0  hw:Loopback,0,0 ch 0  ring-detect 0, hook-relay 1, led 8")
        #expect(lines[8] == "3     fxs   hw:Loopback,0,0 ch 2  hw:Loopback,0,0 ch 2  off-hook 4, ring-generator 5, led 10")
        #expect(lines.count == 9)
    }

    @Test func linesOnAnotherChipAndActiveLowOnesSaySo() throws {
        let source = """
            board "Two chips"
            gpio-chip gpiochip1
            port 1 fxo {
                capture "hw:0,0"
                playback "hw:0,1"
                ring-detect line 3 active-low
                hook-relay chip gpiochip4 line 7
            }
            """
        let board = try BoardFile.parse(source, file: "b.board").get()
        let lines = board.summaryLines(file: "b.board")
        #expect(lines[2] == "GPIO chip gpiochip1; lines also on gpiochip4")
        #expect(lines[3] == "ALSA capture: hw:0,0 (1 channel)")
        #expect(lines[4] == "ALSA playback: hw:0,1 (1 channel)")
        #expect(lines.last?.hasSuffix("ring-detect 3 (active low), hook-relay 7 on gpiochip4") == true, "\(lines)")
    }
}
