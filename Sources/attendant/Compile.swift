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

    @Option(help: "The default language, when the menu has no 'languages' statement.")
    var language = "en"

    @Flag(help: "Print what a caller can reach: rules on answer, then each menu with the keys that lead to it.")
    var explain = false

    func run() throws {
        let loaded = try loadMenu(file, catalogue: catalogue, language: language)
        let program = loaded.program
        let seconds = Double(loaded.prompts.memoryBytes / 2) / 8000
        print("\(file): ok: \(program.menus.count) menus, \(program.referencedPrompts.count) prompts in \(program.languages.joined(separator: ", ")), "
              + "\(loaded.prompts.count) clips "
              + "(\(String(format: "%.1f", seconds)) s of audio), entry '\(program.menus[program.entry].name)', "
              + "version \(String(program.version, radix: 16))"
              + (loaded.warnings.isEmpty ? "" : ", \(loaded.warnings.count) warning(s)"))
        if explain {
            let names = loaded.prompts.names
            let clips = loaded.promptClips.first ?? []
            ProgramExplanation.lines(for: program) { names[clips[$0]] }.forEach { print($0) }
        }
    }
}
