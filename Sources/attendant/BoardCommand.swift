import ArgumentParser
import AttendantBoard
import AttendantHardware
import Foundation

struct BoardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board", abstract: "Work with board files (board/*.board).",
        subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a board file; with --target, also open every PCM and GPIO line it names.",
            discussion: "Errors print as FILE:LINE:COLUMN: error: MESSAGE and exit with status 65.")

        @Argument(help: "The board file.")
        var file: String

        @Flag(help: "Also open every device and line on this machine (run it on the board).")
        var target = false

        func run() throws {
            let board = try loadBoard(file)
            if target {
                let problems = TargetCheck.problems(in: board)
                problems.forEach { printError($0.description) }
                if !problems.isEmpty { throw ExitCode(exitDataError) }
            }
            let kinds = Dictionary(grouping: board.ports, by: \.kind)
            print("\(file): ok: '\(board.name)', \(kinds[.fxo]?.count ?? 0) FXO and \(kinds[.fxs]?.count ?? 0) FXS ports, "
                  + "\(board.audio.format.rawValue) at \(board.audio.rate) Hz, tone plan \(board.tonePlan.rawValue)"
                  + (target ? "; every PCM and GPIO line opened" : ""))
        }
    }
}

/// Reads a board file, printing its problems the way compilers do; exits 65 on errors.
func loadBoard(_ file: String) throws -> BoardDescription {
    let source: String
    do {
        source = try String(contentsOfFile: file, encoding: .utf8)
    } catch {
        printError("\(file): error: cannot read the board file: \(error.localizedDescription)")
        throw ExitCode(exitDataError)
    }
    switch BoardFile.parse(source, file: file) {
    case .success(let board):
        return board
    case .failure(let problems):
        problems.diagnostics.forEach { printError($0.description) }
        throw ExitCode(exitDataError)
    }
}
