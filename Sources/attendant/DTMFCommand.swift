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
            held. WAV files may be 16-bit linear, A-law or µ-law. Exits 65 if a file cannot be read.
            """)

    @Argument(help: "WAV files (8 kHz mono).")
    var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            do {
                let samples = try WAVFile.read(path: file)
                for tone in DTMFDetector.tones(in: samples) {
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
