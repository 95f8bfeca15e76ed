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

extension TokenStream {
    /// `5s`, `1.5s`, `500ms`, in milliseconds, within `range`.
    package mutating func expectDuration(in range: ClosedRange<Int>) throws(Diagnostic) -> Int {
        let token = current
        guard let text = token.word else { throw error("expected a duration such as 5s or 500ms, found \(token.quoted)") }
        let milliseconds: Double?
        if text.hasSuffix("ms") {
            milliseconds = Double(text.dropLast(2))
        } else if text.hasSuffix("s") {
            milliseconds = Double(text.dropLast()).map { $0 * 1000 }
        } else {
            throw error("duration '\(text)' needs a unit: s or ms")
        }
        guard let milliseconds, milliseconds.isFinite else {  // 'fives', 'nans'
            throw error("expected a duration such as 5s or 500ms, found \(token.quoted)")
        }
        guard milliseconds >= Double(range.lowerBound), milliseconds <= Double(range.upperBound) else {
            throw error("duration '\(text)' must be from \(Self.spell(range.lowerBound)) to \(Self.spell(range.upperBound))")
        }
        advance()
        return Int(milliseconds.rounded())
    }

    /// A whole number within `range`.
    package mutating func expectInteger(_ what: String, in range: ClosedRange<Int>) throws(Diagnostic) -> Int {
        guard let text = current.word, let value = Int(text) else { throw error("expected \(what), found \(current.quoted)") }
        guard range.contains(value) else { throw error("\(what) must be from \(range.lowerBound) to \(range.upperBound), not \(value)") }
        advance()
        return value
    }

    /// A quoted string.
    package mutating func expectString(_ what: String) throws(Diagnostic) -> String {
        guard case .string(let text) = current.kind else { throw error("expected \(what) in quotes, found \(current.quoted)") }
        advance()
        return text
    }

    private static func spell(_ milliseconds: Int) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
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
