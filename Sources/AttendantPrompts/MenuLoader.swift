import AttendantSyntax
import AttendantMenu
import Foundation

/// A compiled menu together with the decoded audio of every prompt it plays, in
/// every language it speaks.
public struct LoadedMenu: Sendable {
    public let program: MenuProgram
    /// Every clip: prompts per language, spoken words per language.
    public let prompts: PromptLibrary
    /// `promptClips[language][prompt]`: the clip a prompt plays in a language.
    public let promptClips: [[Int]]
    /// `wordClips[language][word.index]`; empty when the program says nothing.
    public let wordClips: [[Int]]
    /// Per language, the clip of `not-available`, or -1 when the program declares no actions.
    public let notAvailableClips: [Int]
    public let warnings: [Diagnostic]
}

/// Reads a menu file and its prompt catalogue, decodes the prompts the menu uses and
/// compiles it. Any prompt that is missing from the catalogue, or whose file is absent
/// or not decodable, is a compile error at the place the menu names it; a prompt a
/// further language lacks falls back to the default language with a warning.
public enum MenuLoader {
    public struct Failure: Error, CustomStringConvertible {
        public let diagnostics: [Diagnostic]
        public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
        public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    }

    public static func load(menuFile: String, catalogueFile: String,
                            language: String? = nil) throws(Failure) -> LoadedMenu {
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

    /// - Parameter language: the default language when the menu has no `languages`
    ///   statement (nil: the catalogue's first).
    public static func compile(source: String, file: String, catalogue: PromptCatalogue,
                               language: String? = nil) throws(Failure) -> LoadedMenu {
        var clips = ClipCollector()
        var names: [String] = []
        let defaultLanguage = language ?? catalogue.languages.first ?? "en"
        let languages = [defaultLanguage] + catalogue.languages.filter { $0 != defaultLanguage }
        let environment = MenuCompiler.Environment(
            languages: languages,
            readFile: { try? String(contentsOfFile: $0, encoding: .utf8) },
            promptOffers: { catalogue.entry(named: $0)?.offers },
            resolvePrompt: { name in
                // Checked in the default language here; the program's own default and
                // the other languages are decoded once it is known which it has.
                guard let path = catalogue.path(of: name, language: defaultLanguage) else { return .unknown }
                switch clips.decode(path) {
                case .failure(let reason): return .unusable(reason: reason)
                case .success: break
                }
                names.append(name)
                return .found(names.count - 1)
            })
        let compilation = MenuCompiler.compile(source: source, file: file, environment: environment)
        guard let program = compilation.program else {
            throw Failure(diagnostics: compilation.diagnostics)
        }
        var warnings = compilation.warnings
        var library: [(name: String, samples: [Int16])] = []
        func clip(_ name: String, _ samples: [Int16]) -> Int {
            library.append((name, samples))
            return library.count - 1
        }
        // Prompts: the program's default language must have every one (checked above
        // when it is the catalogue's default); the others fall back to it.
        var promptClips: [[Int]] = []
        for (index, code) in program.languages.enumerated() {
            var row: [Int] = []
            for (prompt, name) in names.enumerated() {
                let label = index == 0 ? name : "\(name)@\(code)"
                if let path = catalogue.path(of: name, language: code), case .success(let samples) = clips.decode(path) {
                    row.append(clip(label, samples))
                } else if index > 0 {
                    row.append(promptClips[0][prompt])
                    let at = program.promptUses[prompt] ?? SourceLocation(file: file, line: 1, column: 1)
                    warnings.append(Diagnostic(.warning, at: at, "prompt '\(name)' has no '\(code)' recording: "
                                               + "callers in '\(code)' hear it in '\(program.languages[0])'"))
                } else {
                    let at = program.promptUses[prompt] ?? SourceLocation(file: file, line: 1, column: 1)
                    throw Failure(diagnostics: [Diagnostic(.error, at: at, "prompt '\(name)' has no recording in '\(code)', the default language")])
                }
            }
            promptClips.append(row)
        }
        let notAvailable = program.usesDeclaredActions
            ? program.languages.indices.map { promptClips[$0][names.firstIndex(of: MenuCompiler.notAvailablePrompt)!] }
            : program.languages.map { _ in -1 }
        let wordClips = program.firstSay == nil ? [] : SpokenWordLoader.load(
            program: program, catalogue: catalogue, decode: { clips.decode($0) }, clip: clip, warnings: &warnings)
        return LoadedMenu(program: program, prompts: PromptLibrary(prompts: library), promptClips: promptClips,
                          wordClips: wordClips, notAvailableClips: notAvailable, warnings: warnings)
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

/// Decodes each recording once, however many prompts and languages name it.
struct ClipCollector {
    enum Outcome {
        case success([Int16])
        case failure(String)
    }

    private var decoded: [String: Outcome] = [:]

    mutating func decode(_ path: String) -> Outcome {
        if let cached = decoded[path] { return cached }
        let outcome: Outcome
        do {
            let samples = try WAVFile.read(path: path)
            outcome = samples.isEmpty ? .failure("\(path) holds no audio") : .success(samples)
        } catch {
            outcome = .failure("\(path): \(error)")
        }
        decoded[path] = outcome
        return outcome
    }
}
