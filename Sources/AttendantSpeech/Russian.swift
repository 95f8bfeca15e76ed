/// Russian: its grammar and where its words are in asterisk-core-sounds-ru.
///
/// A noun after a number agrees with the number's last word: один/одна →
/// singular (минута, тысяча), два/две, три, четыре → paucal (минуты, тысячи),
/// anything else → plural (минут, тысяч); 11…14 are single words, so
/// "одиннадцать минут". 1 and 2 take the noun's gender: тысяча, минута, секунда
/// are feminine ("двадцать одна тысяча"), миллион, час masculine.
///
/// Times are 24-hour: "четырнадцать часов тридцать минут". Dates: "вторник
/// третий марта две тысячи двадцать шесть", "тысяча девятьсот девяносто
/// девять" (the recordings have masculine nominative ordinals only, so neither
/// "третьего"/"третье" nor an ordinal year).
///
/// The standard recordings lack many forms (одна, две, двести … девятьсот,
/// тысяч, миллионов, час, часа, минуты, секунда, секунды); their fallbacks are
/// in `recordings(for:)`, and the missing files can be added under the names
/// listed there.
enum Russian: LanguageGrammar {
    // MARK: Grammar (media thread)

    @_noLocks
    static func sayCardinal(_ magnitude: UInt, gender: GrammaticalGender, into words: inout SpokenWords) {
        if magnitude == 0 {
            words.append(.number(0))
            return
        }
        guard magnitude < spokenNumberLimit else {
            sayEachDigit(of: magnitude, into: &words)
            return
        }
        let groups = ThousandGroups(magnitude)
        sayGroup(groups.billions, counting: .billion, into: &words)
        sayGroup(groups.millions, counting: .million, into: &words)
        sayGroup(groups.thousands, counting: .thousand, into: &words)
        sayGroup(groups.units, gender: gender, into: &words)
    }

    /// "одна минута", "две минуты", "пять минут", "ноль минут".
    @_noLocks
    static func sayQuantity(_ count: UInt, of noun: Noun, into words: inout SpokenWords) {
        sayCardinal(count, gender: gender(of: noun), into: &words)
        words.append(.noun(noun, form(after: count)))
    }

    /// 24-hour: "ноль часов пять минут", "двадцать один час", "четырнадцать
    /// часов тридцать минут" (no minutes on the hour).
    @_noLocks
    static func sayTime(hour: Int, minute: Int, into words: inout SpokenWords) {
        sayQuantity(UInt(hour), of: .hour, into: &words)
        if minute > 0 { sayQuantity(UInt(minute), of: .minute, into: &words) }
    }

    /// "вторник третий марта две тысячи двадцать шесть".
    @_noLocks
    static func sayDate(_ date: SpokenDate, into words: inout SpokenWords) {
        if let weekday = date.weekday { words.append(.weekday(weekday)) }
        if let day = date.day { sayOrdinalDay(day, into: &words) }
        if let month = date.month { words.append(.month(month)) }
        if let year = date.year { sayYear(year, into: &words) }
    }

    /// A cardinal, except that years 1000…1999 start "тысяча", not "одна тысяча".
    @_noLocks
    private static func sayYear(_ year: UInt, into words: inout SpokenWords) {
        guard year >= 1000, year <= 1999 else {
            sayCardinal(year, gender: .masculine, into: &words)
            return
        }
        words.append(.noun(.thousand, .singular))
        sayGroup(year % 1000, gender: .masculine, into: &words)
    }

    /// A group of three digits followed by the multiplier it counts; 0 says nothing.
    @_noLocks
    private static func sayGroup(_ group: UInt, counting multiplier: Noun, into words: inout SpokenWords) {
        if group == 0 { return }
        sayGroup(group, gender: gender(of: multiplier), into: &words)
        words.append(.noun(multiplier, form(after: group)))
    }

    /// 1…999: "сто", "двести сорок одна"; 0 says nothing.
    @_noLocks
    private static func sayGroup(_ group: UInt, gender: GrammaticalGender, into words: inout SpokenWords) {
        if group >= 100 { words.append(.hundreds(Int(group / 100))) }
        sayTensAndUnits(group % 100, gender: gender, into: &words)
    }

    /// The form of a noun after `count`.
    @_noLocks
    static func form(after count: UInt) -> NounForm {
        switch (count % 100, count % 10) {
        case (11...14, _): .plural
        case (_, 1): .singular
        case (_, 2...4): .paucal
        default: .plural
        }
    }

    @_noLocks
    static func gender(of noun: Noun) -> GrammaticalGender {
        switch noun {
        case .hundred, .thousand, .minute, .second: .feminine  // сотня, тысяча, минута, секунда
        case .million, .billion, .hour: .masculine              // миллион, миллиард, час
        }
    }

    // MARK: Recordings (compile time)

    /// Candidates name first the file Asterisk's own Russian number code plays
    /// (digits/1f, digits/2f, digits/100 … digits/900, digits/thousands-i,
    /// digits/thousands, digits/million-a, digits/millions), or for forms it never
    /// says a name of ours (hour, hour-a, minute-y, second, second-y,
    /// digits/hundreds-i, digits/hundreds, digits/billion-a, digits/billions);
    /// then the standard set's file with the same words, per its transcripts
    /// (core-sounds-ru.txt): digits/h-thousand "тысячи", digits/h-million
    /// "миллиона", digits/h-billion "миллиардов", digits/h-hundred "сотен", hours
    /// and digits/oclock "часов", queue-minute "минута". digits/1n is "одно",
    /// digits/2n "два" (neuter); digits/pound is transcribed "фунтов" (the
    /// currency), yet is the only recording for the # key.
    static func recordings(for word: Word) -> WordRecordings {
        switch word.kind {
        case .number(let value, .masculine):
            WordRecordings(["digits/\(value)"])
        case .number(let value, .feminine):  // одна, две
            WordRecordings(["digits/\(value)f"], fallback: [.number(value)])
        case .number(let value, .neuter):  // одно, два
            WordRecordings(["digits/\(value)n"], fallback: [.number(value)])
        case .hundreds(1):
            WordRecordings(["digits/100", "digits/hundred"])
        case .hundreds(let hundreds):  // двести … девятьсот; else "две сотни", "пять сотен"
            WordRecordings(["digits/\(hundreds)00"],
                           fallback: [.number(hundreds, gender: .feminine),
                                      .noun(.hundred, form(after: UInt(hundreds)))])
        case .noun(let noun, let form):
            nounRecordings(noun, form)
        case .ordinal, .month, .weekday, .minus, .am, .pm, .oh, .oClock, .star, .pound, .letterKey:
            WordRecordings.sameInEverySet(word.kind)
        }
    }

    /// Singular falls back to paucal, paucal and plural to each other in the one
    /// direction that reaches a standard recording.
    private static func nounRecordings(_ noun: Noun, _ form: NounForm) -> WordRecordings {
        switch (noun, form) {
        case (.hundred, .singular):  // сотня: never said, сто instead
            WordRecordings([], fallback: [.hundreds(1)])
        case (.hundred, .paucal):  // сотни
            WordRecordings(["digits/hundreds-i"], fallback: [.noun(.hundred, .plural)])
        case (.hundred, .plural):  // сотен
            WordRecordings(["digits/hundreds", "digits/h-hundred"])
        case (.thousand, .singular):  // тысяча
            WordRecordings(["digits/thousand"])
        case (.thousand, .paucal):  // тысячи
            WordRecordings(["digits/thousands-i", "digits/h-thousand"])
        case (.thousand, .plural):  // тысяч
            WordRecordings(["digits/thousands"], fallback: [.noun(.thousand, .paucal)])
        case (.million, .singular):  // миллион
            WordRecordings(["digits/million"])
        case (.million, .paucal):  // миллиона
            WordRecordings(["digits/million-a", "digits/h-million"])
        case (.million, .plural):  // миллионов
            WordRecordings(["digits/millions"], fallback: [.noun(.million, .paucal)])
        case (.billion, .singular):  // миллиард
            WordRecordings(["digits/billion"])
        case (.billion, .paucal):  // миллиарда
            WordRecordings(["digits/billion-a"], fallback: [.noun(.billion, .plural)])
        case (.billion, .plural):  // миллиардов
            WordRecordings(["digits/billions", "digits/h-billion"])
        case (.hour, .singular):  // час
            WordRecordings(["hour"], fallback: [.noun(.hour, .paucal)])
        case (.hour, .paucal):  // часа
            WordRecordings(["hour-a"], fallback: [.noun(.hour, .plural)])
        case (.hour, .plural):  // часов
            WordRecordings(["hours", "digits/oclock"])
        case (.minute, .singular):  // минута
            WordRecordings(["minute", "queue-minute"], fallback: [.noun(.minute, .paucal)])
        case (.minute, .paucal):  // минуты
            WordRecordings(["minute-y"], fallback: [.noun(.minute, .plural)])
        case (.minute, .plural):  // минут
            WordRecordings(["minutes", "queue-minutes", "vm-minutes"])
        case (.second, .singular):  // секунда
            WordRecordings(["second"], fallback: [.noun(.second, .paucal)])
        case (.second, .paucal):  // секунды
            WordRecordings(["second-y"], fallback: [.noun(.second, .plural)])
        case (.second, .plural):  // секунд
            WordRecordings(["seconds", "queue-seconds"])
        }
    }
}
