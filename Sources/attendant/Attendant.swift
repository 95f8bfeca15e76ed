import ArgumentParser

@main
struct Attendant: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Attendant: IVR and small call-centre appliance.",
        subcommands: [Run.self, Compile.self, BoardCommand.self, Simulate.self, Bench.self, DTMFBenchCommand.self, DTMFCommand.self, HashPIN.self, Version.self],
        defaultSubcommand: Run.self)
}

/// sysexits(3): the input data was incorrect.
let exitDataError: Int32 = 65
