import ArgumentParser
import AttendantBoard
import AttendantPrompts

/// Where the menu and its prompts come from; shared by every subcommand that runs one.
struct MenuOptions: ParsableArguments {
    @Option(help: "The menu file to run.")
    var menu = "examples/demo.menu"

    @Option(help: "The prompt catalogue: prompt names to recordings.")
    var catalogue = "prompts/catalogue.prompts"

    @Option(help: "The language of the prompts to play.")
    var language = "en"

    /// Loads and compiles, printing diagnostics the way compilers do; exits 65 on errors.
    func load() throws -> LoadedMenu {
        try loadMenu(menu, catalogue: catalogue, language: language)
    }
}

/// Loads and compiles a menu, printing diagnostics as compilers do; exits 65 on errors.
func loadMenu(_ menu: String, catalogue: String, language: String) throws -> LoadedMenu {
    do {
        let loaded = try MenuLoader.load(menuFile: menu, catalogueFile: catalogue, language: language)
        for warning in loaded.warnings { printError(warning.description) }
        return loaded
    } catch {
        printError(error.description)
        throw ExitCode(exitDataError)
    }
}

/// The simulated board's line model, settable from the command line.
struct LineOptions: ParsableArguments {
    @Option(help: "Ports on the simulated board.")
    var ports = 4

    @Option(help: "Line loss each way, in dB.")
    var loss = 6.0

    @Option(help: "Signal-to-noise ratio of the line noise, in dB (against −10 dBm0).")
    var snr = 30.0

    @Option(help: "Hybrid echo level in dB (negative), e.g. -15.")
    var echo = -15.0

    @Option(help: "G.711 law of the board codec: ulaw, alaw or linear.")
    var companding = "ulaw"

    @Option(help: "Seed for the line noise.")
    var seed: Int32 = 1

    func validate() throws {
        guard (1...64).contains(ports) else { throw ValidationError("--ports must be 1 to 64") }
        guard companding == "linear" || CompandingLaw(rawValue: companding) != nil else {
            throw ValidationError("--companding must be ulaw, alaw or linear")
        }
    }

    var settings: LineModelSettings {
        LineModelSettings(lossDB: loss, signalToNoiseDB: snr, echoDB: echo,
                          companding: CompandingLaw(rawValue: companding), seed: seed)
    }
}

import AttendantDSP
import Foundation

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Writes straight to the terminal, unbuffered, so that a console on a pipe or a
/// serial line sees each reply as soon as it is made.
func writeLine(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
}
