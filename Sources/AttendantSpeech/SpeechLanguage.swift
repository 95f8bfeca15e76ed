/// A language whose grammar turns numbers, keys, durations, times and dates into
/// `Word`s, and whose recordings say those words.
///
/// The `say…` methods run on the media thread: they call `emit` once per word,
/// in order, and do nothing else: no heap allocation, no locks, no `String`
/// work, no existential dispatch. The grammars behind them are checked for that
/// by the compiler (`@_noLocks`); what `emit` does is the caller's.
///
/// ```swift
/// let language = SpeechLanguage(code: "ru")!
/// language.sayQuantity(22, of: .minute) { word in queue(promptOfWord[word.index]) }
/// // двадцать две минуты
/// ```
///
/// A new language is one file with a `LanguageGrammar` like `English` (its
/// grammar and its recordings) and a case here.
public enum SpeechLanguage: UInt8, Sendable, CaseIterable {
    case english, russian

    /// The language for an ISO 639-1 code: "en", "ru" (a region is ignored: "en_US", "ru-RU").
    public init?(code: String) {
        let language = code.split(whereSeparator: { $0 == "_" || $0 == "-" }).first.map { $0.lowercased() }
        guard let match = SpeechLanguage.allCases.first(where: { $0.code == language }) else { return nil }
        self = match
    }

    /// The ISO 639-1 code, which is also the folder of the language's recordings.
    public var code: String {
        switch self {
        case .english: "en"
        case .russian: "ru"
        }
    }

    /// Says an integer: "minus" first when negative; in Russian, 1 and 2 (and
    /// 21, 101 …) take `gender`. Magnitudes from 10¹² up are said digit by digit.
    ///
    /// ```swift
    /// SpeechLanguage.english.sayNumber(-1_234) { play($0) }
    /// // minus one thousand two hundred thirty four
    /// SpeechLanguage.russian.sayNumber(2_001, gender: .feminine) { play($0) }
    /// // две тысячи одна
    /// ```
    public func sayNumber(_ value: Int, gender: GrammaticalGender = .masculine, emit: (Word) -> Void) {
        var words = SpokenWords()
        number(value, gender: gender, into: &words)
        words.forEach(emit)
    }

    /// Says a count and the noun it counts, in the form the count asks for.
    ///
    /// ```swift
    /// SpeechLanguage.english.sayQuantity(1, of: .minute) { play($0) }   // one minute
    /// SpeechLanguage.russian.sayQuantity(21, of: .minute) { play($0) }  // двадцать одна минута
    /// ```
    public func sayQuantity(_ count: Int, of noun: Noun, emit: (Word) -> Void) {
        var words = SpokenWords()
        quantity(count, of: noun, into: &words)
        words.forEach(emit)
    }

    /// Says keys one by one: ASCII "0"…"9" as digits, "*" as "star", "#" as
    /// "pound", "A"…"D" (either case) as letters. Other bytes are skipped.
    ///
    /// ```swift
    /// let keys: [UInt8] = Array("12*#".utf8)  // collected once, off the media thread
    /// keys.withUnsafeBufferPointer { language.sayDigits($0) { play($0) } }
    /// // one two star pound
    /// ```
    public func sayDigits(_ keys: UnsafeBufferPointer<UInt8>, emit: (Word) -> Void) {
        // An index loop: a for-in iterator makes generic metadata on first use (debug builds).
        var index = 0
        while index < keys.count {
            if let word = SpeechLanguage.word(forKey: keys[index]) { emit(word) }
            index += 1
        }
    }

    /// Says a duration as hours, minutes and seconds, leaving out the parts that
    /// are zero ("zero seconds" when all are); "minus" first when negative.
    ///
    /// ```swift
    /// SpeechLanguage.english.sayDuration(seconds: 3_725) { play($0) }
    /// // one hour two minutes five seconds
    /// SpeechLanguage.russian.sayDuration(seconds: 125) { play($0) }
    /// // две минуты пять секунд
    /// ```
    public func sayDuration(seconds: Int, emit: (Word) -> Void) {
        var words = SpokenWords()
        duration(seconds: seconds, into: &words)
        words.forEach(emit)
    }

    /// Says a time of day, `hour` 0…23 and `minute` 0…59, as the language does
    /// (English: 12-hour with a-m/p-m; Russian: 24-hour with hours and minutes).
    /// Says nothing when either is out of range.
    ///
    /// ```swift
    /// SpeechLanguage.english.sayTime(hour: 21, minute: 5) { play($0) }
    /// // nine oh five p-m
    /// SpeechLanguage.russian.sayTime(hour: 21, minute: 5) { play($0) }
    /// // двадцать один час пять минут
    /// ```
    public func sayTime(hour: Int, minute: Int, emit: (Word) -> Void) {
        var words = SpokenWords()
        time(hour: hour, minute: minute, into: &words)
        words.forEach(emit)
    }

    /// Says a date: the weekday (0 = Sunday … 6) when given, the day of the month
    /// 1…31 as an ordinal, the month 1…12 by name and the year. A field out of
    /// range is left out, as is a year below 1.
    ///
    /// ```swift
    /// SpeechLanguage.english.sayDate(year: 2026, month: 3, day: 3, weekday: 2) { play($0) }
    /// // Tuesday March third twenty twenty six
    /// SpeechLanguage.russian.sayDate(year: 2026, month: 3, day: 3, weekday: 2) { play($0) }
    /// // вторник третий марта две тысячи двадцать шесть
    /// ```
    public func sayDate(year: Int, month: Int, day: Int, weekday: Int? = nil, emit: (Word) -> Void) {
        var words = SpokenWords()
        date(SpokenDate(year: year, month: month, day: day, weekday: weekday), into: &words)
        words.forEach(emit)
    }
}

// MARK: - The grammars, checked by the compiler for the media thread

extension SpeechLanguage {
    @_noLocks
    func number(_ value: Int, gender: GrammaticalGender, into words: inout SpokenWords) {
        if value < 0 { words.append(.minus) }
        switch self {
        case .english: English.sayCardinal(value.magnitude, gender: gender, into: &words)
        case .russian: Russian.sayCardinal(value.magnitude, gender: gender, into: &words)
        }
    }

    @_noLocks
    func quantity(_ count: Int, of noun: Noun, into words: inout SpokenWords) {
        if count < 0 { words.append(.minus) }
        quantity(magnitude: count.magnitude, of: noun, into: &words)
    }

    @_noLocks
    static func word(forKey key: UInt8) -> Word? {
        switch key {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): .number(Int(key &- UInt8(ascii: "0")))
        case UInt8(ascii: "*"): .star
        case UInt8(ascii: "#"): .pound
        case UInt8(ascii: "A")...UInt8(ascii: "D"): .letterKey(Unicode.Scalar(key))
        case UInt8(ascii: "a")...UInt8(ascii: "d"): .letterKey(Unicode.Scalar(key &- 0x20))
        default: nil
        }
    }

    @_noLocks
    func duration(seconds: Int, into words: inout SpokenWords) {
        if seconds < 0 { words.append(.minus) }
        let total = seconds.magnitude
        let hours = total / 3600, minutes = total / 60 % 60, rest = total % 60
        if hours > 0 { quantity(magnitude: hours, of: .hour, into: &words) }
        if minutes > 0 { quantity(magnitude: minutes, of: .minute, into: &words) }
        if rest > 0 || total == 0 { quantity(magnitude: rest, of: .second, into: &words) }
    }

    @_noLocks
    func time(hour: Int, minute: Int, into words: inout SpokenWords) {
        guard hour >= 0, hour <= 23, minute >= 0, minute <= 59 else { return }
        switch self {
        case .english: English.sayTime(hour: hour, minute: minute, into: &words)
        case .russian: Russian.sayTime(hour: hour, minute: minute, into: &words)
        }
    }

    @_noLocks
    func date(_ date: SpokenDate, into words: inout SpokenWords) {
        switch self {
        case .english: English.sayDate(date, into: &words)
        case .russian: Russian.sayDate(date, into: &words)
        }
    }

    @_noLocks
    private func quantity(magnitude count: UInt, of noun: Noun, into words: inout SpokenWords) {
        switch self {
        case .english: English.sayQuantity(count, of: noun, into: &words)
        case .russian: Russian.sayQuantity(count, of: noun, into: &words)
        }
    }
}

/// A date's fields, each nil when out of range and so not said.
struct SpokenDate {
    let year: UInt?
    let month: Int?
    let day: Int?
    let weekday: Int?

    @_noLocks
    init(year: Int, month: Int, day: Int, weekday: Int?) {
        self.year = year >= 1 ? year.magnitude : nil
        self.month = month >= 1 && month <= 12 ? month : nil
        self.day = day >= 1 && day <= 31 ? day : nil
        if let weekday, weekday >= 0, weekday <= 6 { self.weekday = weekday } else { self.weekday = nil }
    }
}
