/// Where a word's audio comes from in one language: recordings to look for, and
/// what to say instead when none of them exists.
///
/// ```swift
/// SpeechLanguage.russian.recordings(for: .number(1, gender: .feminine))
/// // candidates ["digits/1f"], fallback [.number(1)]: "одна", else "один"
/// SpeechLanguage.russian.recordings(for: .hundreds(2))
/// // candidates ["digits/200"], fallback [.number(2, gender: .feminine), .noun(.hundred, .paucal)]
/// ```
public struct WordRecordings: Sendable, Equatable {
    /// Recordings that say the word, best first: paths relative to the language's
    /// folder, without ".wav" ("digits/2", "minutes"). Empty when the language
    /// has no word of its own for it (English has no feminine "one"): then
    /// `fallback` is simply how the language says it, nothing is missing.
    public let candidates: [String]
    /// Said instead when none of `candidates` exists: one word, or a short
    /// phrase when no single word keeps the meaning (Russian двести missing:
    /// "две" "сотни"). Empty only for words whose recordings every standard set has.
    public let fallback: [Word]

    public init(_ candidates: [String], fallback: [Word] = []) {
        self.candidates = candidates
        self.fallback = fallback
    }
}

extension WordRecordings {
    /// Words whose recording has the same name in every Asterisk sound set: ordinals,
    /// months, weekdays, keys and clock words. Numbers and nouns are each grammar's own.
    static func sameInEverySet(_ kind: Word.Kind) -> WordRecordings {
        switch kind {
        case .ordinal(let value): WordRecordings(["digits/h-\(value)"])
        case .month(let month): WordRecordings(["digits/mon-\(month - 1)"])
        case .weekday(let weekday): WordRecordings(["digits/day-\(weekday)"])
        case .minus: WordRecordings(["digits/minus"])
        case .am: WordRecordings(["digits/a-m"])
        case .pm: WordRecordings(["digits/p-m"])
        case .oh: WordRecordings(["digits/oh"])
        case .oClock: WordRecordings(["digits/oclock"])
        case .star: WordRecordings(["digits/star"])
        case .pound: WordRecordings(["digits/pound"])
        case .letterKey(let letter): WordRecordings(["letters/\(Character(letter).lowercased())"])
        case .number, .hundreds, .noun: preconditionFailure("\(kind) is said by each grammar its own way")
        }
    }
}

/// A word made playable: the recordings that say it, in order.
public struct ResolvedWord: Sendable, Equatable {
    /// What to play, in order: the word's own recording, or those of its fallback.
    public let recordings: [String]
    /// Words met on the way whose candidate recordings all were missing, first
    /// the word itself: worth a warning. Empty when the word has its own recording
    /// (or the language says it with other words by design).
    public let missing: [Word]

    public init(recordings: [String], missing: [Word]) {
        self.recordings = recordings
        self.missing = missing
    }
}

extension SpeechLanguage {
    /// Where `word`'s audio comes from in this language.
    public func recordings(for word: Word) -> WordRecordings {
        switch self {
        case .english: English.recordings(for: word)
        case .russian: Russian.recordings(for: word)
        }
    }

    /// Follows `word`'s candidates and fallbacks until every part has a recording
    /// that `recordingExists` accepts (it gets a path like "digits/2"). Nil when a
    /// chain ends without one, or loops: the word would be silence.
    ///
    /// ```swift
    /// let folder = "/usr/share/asterisk/sounds/ru/"
    /// let two = SpeechLanguage.russian.resolve(.number(2, gender: .feminine)) {
    ///     fileExists(folder + $0 + ".wav")
    /// }
    /// // recordings ["digits/2"], missing [2 feminine]: warn that "две" is said as "два"
    /// ```
    public func resolve(_ word: Word, recordingExists: (String) -> Bool) -> ResolvedWord? {
        var recordings: [String] = []
        var missing: [Word] = []
        guard resolve(word, depth: 0, into: &recordings, missing: &missing, recordingExists) else { return nil }
        return ResolvedWord(recordings: recordings, missing: missing)
    }

    private func resolve(_ word: Word, depth: Int, into recordings: inout [String], missing: inout [Word],
                         _ recordingExists: (String) -> Bool) -> Bool {
        guard depth < Word.count else { return false }  // a fallback loop
        let source = self.recordings(for: word)
        if let found = source.candidates.first(where: recordingExists) {
            recordings.append(found)
            return true
        }
        if !source.candidates.isEmpty { missing.append(word) }
        guard !source.fallback.isEmpty else { return false }
        for part in source.fallback {
            guard resolve(part, depth: depth + 1, into: &recordings, missing: &missing, recordingExists) else {
                return false
            }
        }
        return true
    }
}
