/// A cursor over tokens with the error helpers both parsers share.
struct TokenStream {
    private let tokens: [Token]
    private(set) var index = 0
    let file: String

    init(tokens: [Token], file: String) {
        self.tokens = tokens
        self.file = file
    }

    var current: Token { tokens[index] }
    var atEnd: Bool { current.kind == .end }

    mutating func advance() {
        if !atEnd { index += 1 }
    }

    func location(of token: Token) -> SourceLocation {
        SourceLocation(file: file, line: token.line, column: token.column)
    }

    var location: SourceLocation { location(of: current) }

    func error(_ message: String, at token: Token? = nil) -> Diagnostic {
        Diagnostic(.error, at: location(of: token ?? current), message)
    }

    mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    /// Skips the rest of a broken statement, to report the next error on its own.
    mutating func recover() {
        while current.kind != .newline && !atEnd && !current.isSymbol("}") { advance() }
    }

    mutating func expectWord(_ what: String) throws(Diagnostic) -> Name {
        guard let text = current.word else { throw error("expected \(what), found \(current.quoted)") }
        let name = Name(text: text, location: location)
        advance()
        return name
    }

    mutating func expectSymbol(_ symbol: Character, _ context: String) throws(Diagnostic) {
        guard current.isSymbol(symbol) else { throw error("expected '\(symbol)' \(context), found \(current.quoted)") }
        advance()
    }

    mutating func expectEndOfStatement() throws(Diagnostic) {
        switch current.kind {
        case .newline: advance()
        case .end: break
        case .symbol("}"): break
        default: throw error("unexpected \(current.quoted) at the end of the statement")
        }
    }
}
