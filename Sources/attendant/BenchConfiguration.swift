import ArgumentParser
import AttendantBoard
import AttendantControl
import AttendantEngine
import AttendantMenu
import AttendantPrompts
import AttendantSimulation
import Foundation

/// The configuration side of the benchmark: how long a large menu file takes to
/// compile, and how soon a reloaded one is served by the media loop.
enum BenchConfiguration {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    static func milliseconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e6 }

    struct Compile {
        var menus = 0
        var lines = 0
        var instructions = 0
        var prompts = 0
        var clips = 0
        var warnings: [String] = []
        /// Best of the rounds, in milliseconds.
        var compiler = Double.infinity
        var loader = Double.infinity
        var tables = Double.infinity
    }

    /// Times `MenuCompiler.compile` alone (prompts resolved from a name table, no
    /// audio) and `MenuLoader.compile` (the catalogue's recordings decoded, every
    /// language), then building the engine's tables, on a generated configuration.
    static func measureCompile(menus: Int, rounds: Int, catalogue: PromptCatalogue) throws -> Compile {
        let source = BenchMenus.largeSource(menus: menus, prompts: catalogue.names)
        var result = Compile()
        result.lines = source.split(separator: "\n", omittingEmptySubsequences: false).count
        let promptTable = Dictionary(uniqueKeysWithValues: catalogue.names.enumerated().map { ($1, $0) })
        let environment = MenuCompiler.Environment(
            languages: catalogue.languages, readFile: { _ in nil },
            resolvePrompt: { name in promptTable[name].map(PromptLookup.found) ?? .unknown })
        for _ in 0..<rounds {
            let start = now()
            let compilation = MenuCompiler.compile(source: source, file: "<bench-\(menus)>", environment: environment)
            let elapsed = now() - start
            guard let program = compilation.program else {
                throw ValidationError("the generated configuration does not compile:\n"
                                      + compilation.errors.prefix(10).map(\.description).joined(separator: "\n"))
            }
            result.compiler = min(result.compiler, milliseconds(elapsed))
            result.menus = program.menus.count
            result.instructions = program.code.instructions.count
        }
        for _ in 0..<rounds {
            let start = now()
            let loaded: LoadedMenu
            do {
                loaded = try MenuLoader.compile(source: source, file: "<bench-\(menus)>", catalogue: catalogue, language: "en")
            } catch {
                throw ValidationError("the generated configuration does not load:\n\(error)")
            }
            let compiled = now()
            let program = ExecutableProgram(loaded)
            let built = now()
            result.loader = min(result.loader, milliseconds(compiled - start))
            result.tables = min(result.tables, milliseconds(built - compiled))
            result.prompts = loaded.promptClips.first?.count ?? 0
            result.clips = loaded.prompts.count
            result.warnings = loaded.warnings.map(\.description)
            guard program.program.languages == ["en", "ru"] else {
                throw ValidationError("the generated configuration speaks \(program.program.languages), not en and ru")
            }
        }
        return result
    }

    struct Reload {
        var rounds = 0
        /// Best of the rounds, in milliseconds.
        var compile = Double.infinity
        var tables = Double.infinity
        var install = Double.infinity
        var total = Double.infinity
        /// The most frames any round waited before the engine served the new version.
        var frames = 0
        var callInProgressStayed = false
    }

    /// An appliance on the simulated board answers a call with the demo menu; then,
    /// round after round, a changed copy of the file is loaded (`MenuLoader.load`:
    /// catalogue, file, recordings), laid out (`ExecutableProgram`) and installed;
    /// frames run until `engine.program.version` is the new one.
    static func measureReload(menuFile: String, catalogueFile: String, rounds: Int) throws -> Reload {
        let original = try String(contentsOfFile: menuFile, encoding: .utf8)
        let changedLine = "on 3: play hours; repeat"
        guard original.contains(changedLine) else {
            throw ValidationError("\(menuFile) no longer has '\(changedLine)' for the reload bench to change")
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("attendant-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let changedFile = folder.appendingPathComponent("demo.menu").path

        let first = try MenuLoader.load(menuFile: menuFile, catalogueFile: catalogueFile)
        let board = SimulatedBoard(portCount: 4)
        let appliance = Appliance(board: board, program: ExecutableProgram(first), writer: nil,
                                  clock: FrameClock(epoch: Simulate.simulationEpoch))
        let caller = ListeningCaller(expectedSeconds: 60)
        guard board.placeCall(toPort: 0, from: caller, callerNumber: "5551234") else {
            throw ValidationError("the reload bench could not place its call")
        }
        var frames = 0
        while appliance.engine.activeCalls == 0, frames < 1000 {
            appliance.step()
            frames += 1
        }
        guard appliance.engine.activeCalls == 1 else { throw ValidationError("the reload bench's call was never answered") }
        for _ in 0..<50 { appliance.step() }  // the call is in its menu, playing

        var result = Reload(rounds: rounds)
        for round in 0..<rounds {
            // A real change, and a comment that makes each round's version its own.
            let changed = original.replacingOccurrences(of: changedLine, with: "on 3: play hours, wait-time; repeat")
                + "\n// reload \(round + 1)\n"
            try changed.write(toFile: changedFile, atomically: true, encoding: .utf8)
            let start = now()
            let loaded: LoadedMenu
            do {
                loaded = try MenuLoader.load(menuFile: changedFile, catalogueFile: catalogueFile)
            } catch {
                throw ValidationError("the changed demo menu does not load:\n\(error)")
            }
            let compiled = now()
            let program = ExecutableProgram(loaded)
            let built = now()
            appliance.install(program)
            let installed = now()
            var waited = 0
            while appliance.engine.program.version != program.version {
                guard waited < 10 else { throw ValidationError("the engine did not take the reloaded program in 10 frames") }
                appliance.step()
                waited += 1
            }
            let served = now()
            result.compile = min(result.compile, milliseconds(compiled - start))
            result.tables = min(result.tables, milliseconds(built - compiled))
            result.install = min(result.install, milliseconds(installed - built))
            result.total = min(result.total, milliseconds(served - start))
            result.frames = max(result.frames, waited)
        }
        // The call answered before the first reload is still up, on its own version.
        result.callInProgressStayed = appliance.engine.activeCalls == 1
        return result
    }
}
