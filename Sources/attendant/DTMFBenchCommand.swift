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

    func run() throws {
        let cases = try (bounded ? DTMFBenchCases.bounded : DTMFBenchCases.full).all()
        var ours = DTMFDetector.Settings.attendantDefaults
        if let normalTwist { ours.receiver.normalTwistDB = normalTwist }
        if let reverseTwist { ours.receiver.reverseTwistDB = reverseTwist }
        if let threshold { ours.receiver.thresholdDBm0 = threshold }
        let rows = DTMFBench(ours: ours).run(cases)
        print(DTMFBench.table(rows))
    }
}
