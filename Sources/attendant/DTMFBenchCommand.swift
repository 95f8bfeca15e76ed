import ArgumentParser
import AttendantDSP
import AttendantSimulation

struct DTMFBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dtmf-bench",
        abstract: "DTMF detection across the ITU-T Q.24 masks, talk-off and echo: Attendant beside raw spandsp.")

    @Flag(help: "Run the bounded set that `make test` runs instead of the full one.")
    var bounded = false

    @Option(help: "Override our normal twist limit, in dB (for tuning).")
    var normalTwist: Int?

    @Option(help: "Override our reverse twist limit, in dB (for tuning).")
    var reverseTwist: Int?

    @Option(help: "Override our level threshold, in dBm0 (for tuning).")
    var threshold: Int?

    @Flag(help: "Print what our detector heard in accept rows it did not get right.")
    var verbose = false

    private func tuned() -> DTMFDetector.Settings {
        var ours = DTMFDetector.Settings.attendantDefaults
        if let normalTwist { ours.receiver.normalTwistDB = normalTwist }
        if let reverseTwist { ours.receiver.reverseTwistDB = reverseTwist }
        if let threshold { ours.receiver.thresholdDBm0 = threshold }
        return ours
    }

    func run() throws {
        let cases = try (bounded ? DTMFBenchCases.bounded : DTMFBenchCases.full).all()
        let settings = tuned()
        let rows = DTMFBench(ours: settings).run(cases)

        print(DTMFBench.table(rows))
        if verbose {
            for item in cases where item.kind == .accept {
                let ours = DTMFBench.detect(item.heard, with: DTMFDetector(settings: settings))
                if ours != item.keys { print("\(item.name): heard \(String(ours))") }
            }
        }
    }
}
