/// A parser that reads `{ … }` blocks from a token stream, collecting its mistakes.
package protocol BlockParsing {
    var stream: TokenStream { get set }
    var diagnostics: [Diagnostic] { get set }
}

extension BlockParsing {
    /// The statements of a block whose `{` has been read, up to and with its `}`. A
    /// broken statement is reported and skipped, so one run reports every independent
    /// mistake; a missing `}` is reported at the block's name.
    package mutating func statements(of kind: String, named name: Name,
                                     _ statement: (inout Self) throws(Diagnostic) -> Void) {
        while true {
            stream.skipNewlines()
            if stream.current.isSymbol("}") {
                stream.advance()
                return
            }
            if stream.atEnd {
                diagnostics.append(Diagnostic(.error, at: name.location, "\(kind) '\(name.text)' has no closing '}'"))
                return
            }
            do {
                try statement(&self)
            } catch {
                diagnostics.append(error)
                stream.recover()
            }
        }
    }
}
