/// One lexical unit of a configuration file.
package struct Token: Equatable {
    package enum Kind: Equatable {
        /// A name, number, duration or key: `main`, `vm-goodbye`, `5s`, `1`, `A`.
        case word(String)
        case string(String)
        case symbol(Character)  // { } : ; , * #
        case newline
        case end
    }

    package var kind: Kind
    package var line: Int
    package var column: Int

    /// How the token reads in an error message.
    package var quoted: String {
        switch kind {
        case .word(let text): "'\(text)'"
        case .string(let text): "\"\(text)\""
        case .symbol(let symbol): "'\(symbol)'"
        case .newline: "end of line"
        case .end: "end of file"
        }
    }

    package var word: String? {
        if case .word(let text) = kind { return text }
        return nil
    }

    package func isSymbol(_ symbol: Character) -> Bool { kind == .symbol(symbol) }
    package func isWord(_ text: String) -> Bool { kind == .word(text) }
}
