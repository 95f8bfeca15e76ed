/// English: its grammar and where its words are in asterisk-core-sounds-en.
///
/// Numbers have no gender and no "and": "one hundred twenty three thousand".
/// Times are 12-hour: "nine oh five p-m", "twelve o'clock a-m". Dates:
/// "Tuesday March third twenty twenty six".
enum English: LanguageGrammar {
    // MARK: Grammar (media thread)

    /// English numbers have no gender.
    @_noLocks
    static func sayCardinal(_ magnitude: UInt, gender: GrammaticalGender = .masculine,
                            into words: inout SpokenWords) {
        if magnitude == 0 {
            words.append(.number(0))
            return
        }
        guard magnitude < spokenNumberLimit else {
            sayEachDigit(of: magnitude, into: &words)
            return
        }
        let groups = ThousandGroups(magnitude)
        sayGroup(groups.billions, then: .billion, into: &words)
        sayGroup(groups.millions, then: .million, into: &words)
        sayGroup(groups.thousands, then: .thousand, into: &words)
        sayGroup(groups.units, then: nil, into: &words)
    }

    /// 1…999 ("two hundred forty one") and its multiplier; 0 says nothing.
    @_noLocks
    private static func sayGroup(_ group: UInt, then multiplier: Noun?, into words: inout SpokenWords) {
        if group == 0 { return }
        if group >= 100 {
            words.append(.number(Int(group / 100)))
            words.append(.noun(.hundred, .singular))
        }
        sayTensAndUnits(group % 100, gender: .masculine, into: &words)
        if let multiplier { words.append(.noun(multiplier, .singular)) }
    }

    /// "one minute", "two minutes", "two thousand" (multipliers stay singular).
    @_noLocks
    static func sayQuantity(_ count: UInt, of noun: Noun, into words: inout SpokenWords) {
        sayCardinal(count, into: &words)
        words.append(.noun(noun, count == 1 || noun.isMultiplier ? .singular : .plural))
    }

    /// 12-hour: "nine o'clock a-m", "nine oh five a-m", "twelve thirty p-m".
    @_noLocks
    static func sayTime(hour: Int, minute: Int, into words: inout SpokenWords) {
        words.append(.number(hour % 12 == 0 ? 12 : hour % 12))
        if minute == 0 {
            words.append(.oClock)
        } else {
            if minute < 10 { words.append(.oh) }
            sayTensAndUnits(UInt(minute), gender: .masculine, into: &words)
        }
        words.append(hour < 12 ? .am : .pm)
    }

    /// "Tuesday March third twenty twenty six".
    @_noLocks
    static func sayDate(_ date: SpokenDate, into words: inout SpokenWords) {
        if let weekday = date.weekday { words.append(.weekday(weekday)) }
        if let month = date.month { words.append(.month(month)) }
        if let day = date.day { sayOrdinalDay(day, into: &words) }
        if let year = date.year { sayYear(year, into: &words) }
    }

    /// Years in pairs where English does: "nineteen ninety nine", "nineteen oh
    /// five", "nineteen hundred", "twenty twenty six"; otherwise as a number:
    /// "two thousand five", "nine hundred eleven".
    @_noLocks
    private static func sayYear(_ year: UInt, into words: inout SpokenWords) {
        let century = year / 100, rest = year % 100
        guard year >= 1000, year < 10_000, year % 1000 >= 10 else {
            sayCardinal(year, into: &words)
            return
        }
        sayTensAndUnits(century, gender: .masculine, into: &words)
        if rest == 0 {
            words.append(.noun(.hundred, .singular))
        } else {
            if rest < 10 { words.append(.oh) }
            sayTensAndUnits(rest, gender: .masculine, into: &words)
        }
    }

    // MARK: Recordings (compile time)

    static func recordings(for word: Word) -> WordRecordings {
        switch word.kind {
        case .number(let value, .masculine):
            WordRecordings(["digits/\(value)"])
        case .number(let value, _):
            WordRecordings([], fallback: [.number(value)])  // no gender in English
        case .hundreds(let hundreds):
            WordRecordings([], fallback: [.number(hundreds), .noun(.hundred, .singular)])  // "two" "hundred"
        case .noun(let noun, let form):
            nounRecordings(noun, form)
        case .ordinal, .month, .weekday, .minus, .am, .pm, .oh, .oClock, .star, .pound, .letterKey:
            WordRecordings.sameInEverySet(word.kind)
        }
    }

    private static func nounRecordings(_ noun: Noun, _ form: NounForm) -> WordRecordings {
        if form == .paucal { return WordRecordings([], fallback: [.noun(noun, .plural)]) }  // English has none
        switch (noun, form) {
        case (.hundred, .singular): return WordRecordings(["digits/hundred"])
        case (.thousand, .singular): return WordRecordings(["digits/thousand"])
        case (.million, .singular): return WordRecordings(["digits/million"])
        case (.billion, .singular): return WordRecordings(["digits/billion"])
        case (.hundred, _), (.thousand, _), (.million, _), (.billion, _):
            // After a number a multiplier stays singular: "two thousand".
            return WordRecordings([], fallback: [.noun(noun, .singular)])
        case (.hour, .singular): return WordRecordings(["hour"], fallback: [.noun(.hour, .plural)])
        case (.hour, _): return WordRecordings(["hours"])
        case (.minute, .singular):
            return WordRecordings(["minute", "queue-minute"], fallback: [.noun(.minute, .plural)])
        case (.minute, _): return WordRecordings(["minutes", "queue-minutes", "vm-minutes"])
        case (.second, .singular): return WordRecordings(["second"], fallback: [.noun(.second, .plural)])
        case (.second, _): return WordRecordings(["seconds", "queue-seconds"])
        }
    }
}
