import AttendantSecurity
import AttendantSyntax

/// Mailboxes: numbers, owners, greetings and limits, and the actions that reach them.
extension Checker {
    mutating func checkMailboxes(_ syntax: [MailboxSyntax]) -> [MailboxDeclaration] {
        var mailboxes: [MailboxDeclaration] = []
        for box in syntax {
            guard let number = digits(box.number) else { continue }
            if let first = mailboxIndex[number] {
                error(at: box.number.location, "duplicate mailbox '\(number)' (first defined at \(where_(mailboxes[first].location, from: box.number.location)))")
                continue
            }
            var owner: Int?
            if let name = box.owner {
                if let value = Int(name.text), value >= 1, value <= 999 {
                    owner = value
                } else {
                    error(at: name.location, "expected the owner's extension number (1 to 999), found '\(name.text)'")
                }
            }
            var language: LanguageID = 0
            if let code = box.language, let index = self.language(code) { language = index }
            var greetings: [String: PromptID] = [:]
            for (kind, prompt) in box.greetings {
                if let id = prompts([prompt]).first { greetings[kind.text] = id }
            }
            if let (text, location) = box.pinHash, SecretHash(encoded: text) == nil {
                error(at: location, "mailbox '\(number)': 'pin-hash' takes an Argon2id hash (\"$argon2id$v=19$...\"), not '\(text.prefix(12))…'")
            }
            mailboxIndex[number] = mailboxes.count
            mailboxes.append(MailboxDeclaration(
                number: number, location: box.number.location, owner: owner, language: language,
                unavailableGreeting: greetings["unavailable"], busyGreeting: greetings["busy"], nameGreeting: greetings["name"],
                maxMessageMilliseconds: box.maxMessageMilliseconds ?? MailboxDeclaration.defaultMaxMessageMilliseconds,
                silenceMilliseconds: box.silenceMilliseconds ?? MailboxDeclaration.defaultSilenceMilliseconds,
                pinHash: box.pinHash?.text,
                lockoutFailures: box.lockoutFailures ?? MailboxDeclaration.defaultLockoutFailures,
                lockoutMilliseconds: box.lockoutMilliseconds ?? MailboxDeclaration.defaultLockoutMilliseconds))
        }
        if !mailboxes.isEmpty, let first = syntax.first {
            // Envelopes and message counts are said with the languages' words.
            noteSay(at: first.number.location)
        }
        return mailboxes
    }

    mutating func checkVoicemailSounds(at location: SourceLocation) -> VoicemailSounds? {
        var ids: [PromptID] = []
        for name in VoicemailSounds.names {
            switch lookUpPrompt(name) {
            case .found(let id):
                notePromptUse(id, at: location)
                ids.append(id)
            case .unknown:
                error(at: location, "mailboxes need the prompt '\(name)': add it to the prompt catalogue")
            case .unusable(let reason):
                error(at: location, "mailboxes need the prompt '\(name)', which cannot be used: \(reason)")
            }
        }
        return VoicemailSounds(ids)
    }

    /// `voicemail BOX [busy]` and `check-voicemail BOX`. A box that is not declared is
    /// a warning, as an undeclared queue is: its callers hear `not-available`.
    mutating func voicemailAction(_ keyword: Name, box: Name, busy: Bool) -> DeclaredAction? {
        requireNotAvailablePrompt(for: keyword)
        guard let number = digits(box) else { return nil }
        if mailboxIndex[number] == nil {
            warning(at: box.location, "mailbox '\(number)' is not declared: callers who choose it hear '\(MenuCompiler.notAvailablePrompt)'"
                    + Suggestion.hint(for: number, among: mailboxIndex.keys))
        }
        return keyword.text == "voicemail" ? .voicemail(number, busy: busy) : .checkVoicemail(number)
    }
}
