import AttendantSyntax

import Foundation

/// Prompt names and the recording that speaks each one, per language.
///
/// ```
/// language en "/usr/share/asterisk/sounds/en"
/// prompt welcome      "welcome"               // the same file name in every language
/// prompt goodbye      en "vm-goodbye"         // per language
/// ```
/// Relative language folders are taken from the catalogue file's own folder; `.wav`
/// is added to file names written without an extension.
public struct PromptCatalogue: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var location: SourceLocation
        /// Language to file; the key "" holds the file for every language.
        public var files: [String: String]
        /// The keys the recordings tell callers to press (`offers 1, 2, #`); nil when not said.
        public var offers: Set<DTMFKey>?
    }

    public private(set) var languages: [String] = []
    private var folders: [String: String] = [:]
    private var entries: [String: Entry] = [:]
    public private(set) var names: [String] = []

    public func entry(named name: String) -> Entry? { entries[name] }

    /// The folder a language's recordings are in.
    public func folder(of language: String) -> String? { folders[language] }

    public func path(of name: String, language: String) -> String? {
        guard let entry = entries[name], let folder = folders[language],
              let file = entry.files[language] ?? entry.files[""] else { return nil }
        let withExtension = (file as NSString).pathExtension.isEmpty ? file + ".wav" : file
        return withExtension.hasPrefix("/") ? withExtension : folder + "/" + withExtension
    }

    /// Makes `name` play the recording at `path` (absolute) in every language: a prompt
    /// uploaded on the console, replacing the catalogue's own recording of that name.
    public mutating func setRecording(_ name: String, path: String) {
        let existing = entries[name]
        entries[name] = Entry(name: name, location: existing?.location ?? SourceLocation(file: path, line: 1, column: 1),
                              files: ["": path], offers: existing?.offers)
        if existing == nil { names.append(name) }
    }

    public static func parse(source: String, file: String) throws(CatalogueError) -> PromptCatalogue {
        var lexer = Lexer(source: source, file: file)
        let (tokens, lexical) = lexer.tokenize()
        var stream = TokenStream(tokens: tokens, file: file)
        var diagnostics = lexical
        var catalogue = PromptCatalogue()
        let base = (file as NSString).deletingLastPathComponent
        while true {
            stream.skipNewlines()
            if stream.atEnd { break }
            do {
                try catalogue.parseStatement(&stream, base: base)
            } catch {
                diagnostics.append(error)
                stream.recover()
                if stream.current.isSymbol("}") { stream.advance() }
            }
        }
        if catalogue.languages.isEmpty && diagnostics.isEmpty {
            diagnostics.append(Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1),
                                          "no language: add 'language NAME \"FOLDER\"'"))
        }
        // In source order, the lexer's among the parser's.
        diagnostics = diagnostics.enumerated().sorted {
            ($0.element.location.line, $0.element.location.column, $0.offset)
                < ($1.element.location.line, $1.element.location.column, $1.offset)
        }.map(\.element)
        guard diagnostics.isEmpty else { throw CatalogueError(diagnostics: diagnostics) }
        return catalogue
    }

    private mutating func parseStatement(_ stream: inout TokenStream, base: String) throws(Diagnostic) {
        let keyword = stream.current
        switch keyword.word {
        case "language":
            stream.advance()
            let language = try stream.expectWord("a language code such as en")
            guard case .string(let folder) = stream.current.kind else {
                throw stream.error("expected the language's folder in quotes, found \(stream.current.quoted)")
            }
            stream.advance()
            guard folders[language.text] == nil else {
                throw Diagnostic(.error, at: language.location, "language '\(language.text)' is declared twice")
            }
            languages.append(language.text)
            folders[language.text] = folder.hasPrefix("/") || base.isEmpty ? folder : base + "/" + folder
        case "prompt":
            stream.advance()
            let name = try stream.expectWord("a prompt name")
            guard entries[name.text] == nil else {
                let first = entries[name.text]!.location
                throw Diagnostic(.error, at: name.location,
                                 "duplicate prompt '\(name.text)' (first defined at \(first.line):\(first.column))")
            }
            var files: [String: String] = [:]
            var offers: Set<DTMFKey>?
            while true {
                if stream.current.isWord("offers") {
                    stream.advance()
                    offers = try Self.parseKeys(&stream)
                    break
                }
                if case .string(let file) = stream.current.kind {
                    files[""] = file
                    stream.advance()
                } else if let language = stream.current.word {
                    let location = stream.location
                    guard folders[language] != nil else {
                        throw Diagnostic(.error, at: location, "unknown language '\(language)' (declare it with 'language')")
                    }
                    stream.advance()
                    guard case .string(let file) = stream.current.kind else {
                        throw stream.error("expected the file for '\(language)' in quotes, found \(stream.current.quoted)")
                    }
                    files[language] = file
                    stream.advance()
                } else {
                    break
                }
            }
            guard !files.isEmpty else { throw stream.error("expected the prompt's file in quotes, found \(stream.current.quoted)") }
            entries[name.text] = Entry(name: name.text, location: name.location, files: files, offers: offers)
            names.append(name.text)
        default:
            throw stream.error("expected 'language' or 'prompt', found \(keyword.quoted)")
        }
        try stream.expectEndOfStatement()
    }
}

extension PromptCatalogue {
    /// `1, 2, #`: keys a recording names.
    static func parseKeys(_ stream: inout TokenStream) throws(Diagnostic) -> Set<DTMFKey> {
        var keys: Set<DTMFKey> = []
        while true {
            let token = stream.current
            let text: String? = switch token.kind {
            case .symbol(let symbol) where symbol == "*" || symbol == "#": String(symbol)
            case .word(let word): word
            default: nil
            }
            guard let text, text.count == 1, let key = DTMFKey(character: text.first!), !text.first!.isLowercase else {
                throw stream.error("expected a key (0-9, *, #, A-D) after 'offers', found \(token.quoted)")
            }
            keys.insert(key)
            stream.advance()
            guard stream.current.isSymbol(",") else { return keys }
            stream.advance()
        }
    }
}

public struct CatalogueError: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
