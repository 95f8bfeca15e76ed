import AttendantSyntax

/// `mailbox 200 { owner 5 ... }`: a voicemail box, its owner and greetings.
extension MenuParser {
    mutating func parseMailbox() throws(Diagnostic) -> MailboxSyntax {
        let number = try stream.expectWord("a mailbox number")
        var mailbox = MailboxSyntax(number: number)
        parseBlock(of: "mailbox", named: number, into: &mailbox) { parser, mailbox throws(Diagnostic) in
            try parser.parseMailboxStatement(into: &mailbox)
        }
        return mailbox
    }

    private mutating func parseMailboxStatement(into mailbox: inout MailboxSyntax) throws(Diagnostic) {
        let keyword = stream.current
        stream.advance()
        switch keyword.word {
        case "owner":
            mailbox.owner = try stream.expectWord("the owner's extension number")
        case "language":
            mailbox.language = try stream.expectWord("the language the box speaks to its owner")
        case "greeting":
            let kind = try stream.expectWord("'unavailable', 'busy' or 'name' after 'greeting'")
            guard ["unavailable", "busy", "name"].contains(kind.text) else {
                throw Diagnostic(.error, at: kind.location, "expected 'unavailable', 'busy' or 'name' after 'greeting', found '\(kind.text)'")
            }
            let prompt = try stream.expectWord("the prompt of the \(kind.text) greeting")
            if let first = mailbox.greetings.first(where: { $0.kind.text == kind.text }) {
                throw Diagnostic(.error, at: kind.location, "a second '\(kind.text)' greeting in mailbox '\(mailbox.number.text)' "
                                 + "(the first is at \(first.kind.location.line):\(first.kind.location.column))")
            }
            mailbox.greetings.append((kind, prompt))
        case "max-message":
            mailbox.maxMessageMilliseconds = try stream.expectDuration(in: 5_000...600_000)
        case "silence":
            mailbox.silenceMilliseconds = try stream.expectDuration(in: 1_000...60_000)
        case "pin-hash":
            let location = stream.location
            mailbox.pinHash = (try stream.expectString("an Argon2id PIN hash (\"$argon2id$...\")"), location)
        case "lockout":
            // lockout after 3 failures for 300s
            try expectMailboxWord("after", "after 'lockout'")
            mailbox.lockoutFailures = try stream.expectInteger("the number of wrong PINs that lock the box", in: 1...20)
            try expectMailboxWord("failures", "after the number of wrong PINs")
            try expectMailboxWord("for", "after 'failures'")
            mailbox.lockoutMilliseconds = try stream.expectDuration(in: 10_000...600_000)
        default:
            throw stream.error("expected 'owner', 'language', 'greeting', 'max-message', 'silence', 'pin-hash' or 'lockout' "
                               + "in mailbox '\(mailbox.number.text)', found \(keyword.quoted)", at: keyword)
        }
        try stream.expectEndOfStatement()
    }

    private mutating func expectMailboxWord(_ word: String, _ context: String) throws(Diagnostic) {
        guard stream.current.isWord(word) else { throw stream.error("expected '\(word)' \(context), found \(stream.current.quoted)") }
        stream.advance()
    }
}
