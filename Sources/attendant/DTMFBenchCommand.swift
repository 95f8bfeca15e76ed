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
    var normalTwist: Float?

    @Option(help: "Override our reverse twist limit, in dB (for tuning).")
    var reverseTwist: Float?

    @Option(help: "Override the share of energy the two tones must hold (for tuning).")
    var share: Float?

    @Option(help: "Override the accepted frequency deviation, in percent (for tuning).")
    var deviation: Float?

    @Option(help: "Override the energy ratio allowed between block halves (for tuning).")
    var imbalance: Float?

    @Option(help: "Override how far the weaker tone must stand above the rest of its group, in dB (for tuning).")
    var weakerPeak: Float?

    @Option(help: "Override the worst echo return loss assumed, in dB (for tuning).")
    var echoLoss: Float?

    @Option(help: "Override the share of a tone's power echo may account for before it is taken for echo (for tuning).")
    var echoExplains: Float?

    @Flag(help: "Print what our detector heard in accept rows it did not get right.")
    var verbose = false

    private func tuned() -> DTMFDetector.Settings {
        var ours = AttendantDTMFParameters()
        if let normalTwist { ours.normalTwistDB = normalTwist }
        if let reverseTwist { ours.reverseTwistDB = reverseTwist }
        if let share { ours.minimumShare = share }
        if let deviation { ours.maximumDeviationPercent = deviation }
        if let imbalance { ours.maximumHalfImbalance = imbalance }
        if let weakerPeak { ours.weakerRelativePeakDB = weakerPeak }
        if let echoLoss { ours.echoReturnLossDB = echoLoss }
        if let echoExplains { ours.echoExplainsShare = echoExplains }
        return .attendant(ours)
    }

    func run() throws {
        let cases = try (bounded ? DTMFBenchCases.bounded : DTMFBenchCases.full).all()
        let settings = tuned()
        let rows = DTMFBench(ours: settings).run(cases)

        print(DTMFBench.table(rows))
        if verbose {
            for item in cases where item.kind == .accept {
                let ours = DTMFBench.detect(item.heard, played: item.played, with: DTMFDetector(settings: settings))
                if ours != item.keys { print("\(item.name): heard \(String(ours))") }
            }
        }
    }
}
