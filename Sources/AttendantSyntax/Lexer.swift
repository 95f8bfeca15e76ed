/// Splits configuration source into tokens, tracking line and column (1-based,
/// counted in characters) for diagnostics. `//` starts a comment: `#` is a key.
package struct Lexer {
    private let characters: [Character]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1

    package init(source: String, file: String) {
        characters = Array(source)
        self.file = file
    }

    /// All tokens, ending with `.end`; unreadable characters become diagnostics.
    package mutating func tokenize() -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var tokens: [Token] = []
        var diagnostics: [Diagnostic] = []
        while let character = peek() {
            let start = (line, column)
            switch character {
            case " ", "\t", "\r":
                advance()
            case "\n", "\r\n":  // Swift reads CR LF as one Character
                advance()
                tokens.append(Token(kind: .newline, line: start.0, column: start.1))
            case "/" where peek(1) == "/":
                while let next = peek(), !Self.isLineEnd(next) { advance() }
            case "{", "}", ":", ";", ",", "*", "#":
                advance()
                tokens.append(Token(kind: .symbol(character), line: start.0, column: start.1))
            case "\"":
                advance()
                var text = ""
                var closed = false
                while let next = peek(), !Self.isLineEnd(next) {
                    advance()
                    if next == "\"" { closed = true; break }
                    text.append(next)
                }
                // Unterminated, it is still the string meant, lest the statement be reported too.
                tokens.append(Token(kind: .string(text), line: start.0, column: start.1))
                if !closed {
                    diagnostics.append(Diagnostic(.error, at: location(start), "unterminated string"))
                }
            default:
                if Self.isWordCharacter(character) {
                    var text = ""
                    while let next = peek(), Self.isWordCharacter(next), !(next == "/" && peek(1) == "/") {
                        text.append(next)
                        advance()
                    }
                    tokens.append(Token(kind: .word(text), line: start.0, column: start.1))
                } else {
                    diagnostics.append(Diagnostic(.error, at: location(start), "unexpected character '\(character)'"))
                    advance()
                }
            }
        }
        tokens.append(Token(kind: .end, line: line, column: column))
        return (tokens, diagnostics)
    }

    package static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_"
            || character == "/" || character == "."
    }

    private static func isLineEnd(_ character: Character) -> Bool {
        character == "\n" || character == "\r\n"
    }

    private func location(_ position: (Int, Int)) -> SourceLocation {
        SourceLocation(file: file, line: position.0, column: position.1)
    }

    private func peek(_ ahead: Int = 0) -> Character? {
        index + ahead < characters.count ? characters[index + ahead] : nil
    }

    private mutating func advance() {
        if Self.isLineEnd(characters[index]) {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }
}
