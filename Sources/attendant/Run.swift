import ArgumentParser
import AttendantBoard
import AttendantConsole
import AttendantControl
import AttendantEngine
import AttendantSimulation
import AttendantStore
import Foundation
import Logging

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the appliance on the simulated board with a console on this terminal.")

    @OptionGroup var menu: MenuOptions
    @OptionGroup var line: LineOptions

    @Option(help: "The database file.")
    var database = "var/attendant.sqlite"

    @Option(help: "Rings before a line is answered.")
    var answerAfterRings = 2

    func run() throws {
        let logger = Logger(label: "attendant")
        let loaded = try menu.load()
        let store = try AttendantDatabase(path: database)
        let writer = StorageWriter(database: store)
        let board = SimulatedBoard(portCount: line.ports, line: line.settings)
        let appliance = Appliance(board: board, program: ExecutableProgram(loaded),
                                  settings: EngineSettings(answerAfterRings: answerAfterRings),
                                  writer: writer, clock: FrameClock(epoch: Date()))
        appliance.keepsFinishedCalls = false
        let live = LiveAppliance(appliance: appliance, board: board, database: store,
                                 recogniser: PromptRecogniser(prompts: loaded.prompts.allPrompts),
                                 notify: { writeLine("\r\($0)\u{1B}[K\nattendant> ", terminator: "") })
        logger.info("menu \(menu.menu) version \(String(loaded.program.version, radix: 16)): \(loaded.program.menus.count) menus, \(loaded.prompts.count) prompts")
        logger.info("simulated board: \(line.ports) FXO ports; database \(database)")
        live.start()
        defer {
            live.stop()
            writer.close()
        }

        writeLine("Attendant is answering on the simulated board. Type 'help'; try 'sim call 1', then 'sim press 1 1'.")
        let commands = ConsoleCommands(backend: live)
        while true {
            FileHandle.standardOutput.write(Data("attendant> ".utf8))
            guard let input = readLine() else { break }
            let reply = commands.execute(input)
            if !reply.text.isEmpty { writeLine(reply.text) }
            if reply.quits { break }
        }
    }
}
