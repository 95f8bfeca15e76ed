/// A cursor over tokens with the error helpers both parsers share.
package struct TokenStream {
    private let tokens: [Token]
    package private(set) var index = 0
    package let file: String

    package init(tokens: [Token], file: String) {
        self.tokens = tokens
        self.file = file
    }

    package var current: Token { tokens[index] }
    package var atEnd: Bool { current.kind == .end }

    package mutating func advance() {
        if !atEnd { index += 1 }
    }

    package func location(of token: Token) -> SourceLocation {
        SourceLocation(file: file, line: token.line, column: token.column)
    }

    package var location: SourceLocation { location(of: current) }

    package func error(_ message: String, at token: Token? = nil) -> Diagnostic {
        Diagnostic(.error, at: location(of: token ?? current), message)
    }

    package mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    /// Skips the rest of a broken statement, to report the next error on its own.
    package mutating func recover() {
        while current.kind != .newline && !atEnd && !current.isSymbol("}") { advance() }
    }

    package mutating func expectWord(_ what: String) throws(Diagnostic) -> Name {
        guard let text = current.word else { throw error("expected \(what), found \(current.quoted)") }
        let name = Name(text: text, location: location)
        advance()
        return name
    }

    package mutating func expectSymbol(_ symbol: Character, _ context: String) throws(Diagnostic) {
        guard current.isSymbol(symbol) else { throw error("expected '\(symbol)' \(context), found \(current.quoted)") }
        advance()
    }

    package mutating func expectEndOfStatement() throws(Diagnostic) {
        switch current.kind {
        case .newline: advance()
        case .end: break
        case .symbol("}"): break
        default: throw error("unexpected \(current.quoted) at the end of the statement")
        }
    }
}

/// A name with the place it was written.
package struct Name {
    package var text: String
    package var location: SourceLocation

    package init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }
}
