import ArgumentParser
import AttendantDSP
import AttendantPrompts
import Foundation

struct DTMFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dtmf",
        abstract: "Detect DTMF keys in 8 kHz WAV recordings with the engine's own detector.",
        discussion: """
            Prints one line per key: FILE TIME_MS DIGIT DURATION_MS. TIME_MS is when the \
            detector confirmed the tone (a few ms after it began), DURATION_MS how long it \
            held. WAV files may be 16-bit linear, A-law or µ-law. With --board, the detector \
            is tuned as that board's `dtmf` statement says, as `attendant run --board` tunes it. \
            Exits 65 if a file cannot be read.
            """)

    @Option(help: "A board file whose DTMF tuning to use (board/*.board).")
    var board: String?

    @Argument(help: "WAV files (8 kHz mono).")
    var files: [String]

    func run() throws {
        var failed = false
        let settings = try board.map { DTMFDetector.Settings.attendant(try loadBoard($0).dtmf) } ?? .attendantDefaults
        for file in files {
            do {
                let samples = try WAVFile.read(path: file)
                for tone in DTMFDetector.tones(in: samples, settings: settings) {
                    print("\(file) \(tone.startMilliseconds) \(tone.key) \(tone.durationMilliseconds)")
                }
            } catch {
                printError("\(file): \((error as? WAVDecodingError)?.description ?? error.localizedDescription)")
                failed = true
            }
        }
        if failed { throw ExitCode(exitDataError) }
    }
}
