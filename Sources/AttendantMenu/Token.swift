/// One lexical unit of a configuration file.
struct Token: Equatable {
    enum Kind: Equatable {
        /// A name, number, duration or key: `main`, `vm-goodbye`, `5s`, `1`, `A`.
        case word(String)
        case string(String)
        case symbol(Character)  // { } : ; , * #
        case newline
        case end
    }

    var kind: Kind
    var line: Int
    var column: Int

    /// How the token reads in an error message.
    var quoted: String {
        switch kind {
        case .word(let text): "'\(text)'"
        case .string(let text): "\"\(text)\""
        case .symbol(let symbol): "'\(symbol)'"
        case .newline: "end of line"
        case .end: "end of file"
        }
    }

    var word: String? {
        if case .word(let text) = kind { return text }
        return nil
    }

    func isSymbol(_ symbol: Character) -> Bool { kind == .symbol(symbol) }
    func isWord(_ text: String) -> Bool { kind == .word(text) }
}
