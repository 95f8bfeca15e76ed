import AttendantSyntax
import AttendantMenu
import Foundation

/// A compiled menu together with the decoded audio of every prompt it plays.
public struct LoadedMenu: Sendable {
    public let program: MenuProgram
    public let prompts: PromptLibrary
    public let warnings: [Diagnostic]
}

/// Reads a menu file and its prompt catalogue, decodes the prompts the menu uses and
/// compiles it. Any prompt that is missing from the catalogue, or whose file is absent
/// or not decodable, is a compile error at the place the menu names it.
public enum MenuLoader {
    public struct Failure: Error, CustomStringConvertible {
        public let diagnostics: [Diagnostic]
        public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    }

    public static func load(menuFile: String, catalogueFile: String,
                            language: String = "en") throws(Failure) -> LoadedMenu {
        let catalogue = try loadCatalogue(catalogueFile)
        let source: String
        do {
            source = try String(contentsOfFile: menuFile, encoding: .utf8)
        } catch {
            throw Failure(diagnostics: [Diagnostic(.error, at: SourceLocation(file: menuFile, line: 1, column: 1),
                                                   "cannot read menu file: \(error.localizedDescription)")])
        }
        return try compile(source: source, file: menuFile, catalogue: catalogue, language: language)
    }

    public static func compile(source: String, file: String, catalogue: PromptCatalogue,
                               language: String) throws(Failure) -> LoadedMenu {
        var decoded: [(name: String, samples: [Int16])] = []
        let compilation = MenuCompiler.compile(source: source, file: file) { name in
            guard let path = catalogue.path(of: name, language: language) else { return .unknown }
            do {
                let samples = try WAVFile.read(path: path)
                guard !samples.isEmpty else { return .unusable(reason: "\(path) holds no audio") }
                decoded.append((name, samples))
                return .found(decoded.count - 1)
            } catch {
                return .unusable(reason: "\(path): \(error)")
            }
        }
        guard let program = compilation.program else {
            throw Failure(diagnostics: compilation.diagnostics)
        }
        return LoadedMenu(program: program, prompts: PromptLibrary(prompts: decoded),
                          warnings: compilation.warnings)
    }

    public static func loadCatalogue(_ path: String) throws(Failure) -> PromptCatalogue {
        let source: String
        do {
            source = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Failure(diagnostics: [Diagnostic(.error, at: SourceLocation(file: path, line: 1, column: 1),
                                                   "cannot read prompt catalogue: \(error.localizedDescription)")])
        }
        do {
            return try PromptCatalogue.parse(source: source, file: path)
        } catch {
            throw Failure(diagnostics: error.diagnostics)
        }
    }
}
