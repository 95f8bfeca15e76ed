import ArgumentParser
import AttendantMenu
import AttendantPrompts

struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a menu file and print a one-line summary.",
        discussion: "Errors print as FILE:LINE:COLUMN: error: MESSAGE and exit with status 65.")

    @Argument(help: "The menu file.")
    var file: String

    @Option(help: "The prompt catalogue.")
    var catalogue = "prompts/catalogue.prompts"

    @Option(help: "The prompt language to check.")
    var language = "en"

    func run() throws {
        let loaded = try loadMenu(file, catalogue: catalogue, language: language)
        let program = loaded.program
        let seconds = Double(loaded.prompts.memoryBytes / 2) / 8000
        print("\(file): ok: \(program.menus.count) menus, \(loaded.prompts.count) prompts "
              + "(\(String(format: "%.1f", seconds)) s of audio), entry '\(program.menus[program.entry].name)', "
              + "version \(String(program.version, radix: 16))"
              + (loaded.warnings.isEmpty ? "" : ", \(loaded.warnings.count) warning(s)"))
    }
}
