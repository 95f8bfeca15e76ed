/// One word a grammar can ask to be played: "1 feminine", "minute paucal",
/// "a-m", "month 3" ….
///
/// The set is closed and the same for every language; each word has a dense
/// `index` in `0..<Word.count`, so a caller can resolve every word once and keep
/// a flat table from word to prompt:
///
/// ```swift
/// var promptOfWord = [PromptID](repeating: silence, count: Word.count)
/// for word in Word.allCases {
///     promptOfWord[word.index] = prompt(for: language.resolve(word, recordingExists: exists))
/// }
/// // On the media thread:
/// language.sayNumber(42) { word in queue(promptOfWord[word.index]) }
/// ```
///
/// What a word sounds like in a language, and what is said instead when its
/// recording is missing, is `SpeechLanguage.recordings(for:)`.
public struct Word: Hashable, Sendable {
    private let rawIndex: UInt16

    /// How many words there are; every `index` is below it.
    public static var count: Int { @_noLocks get { Layout.end } }

    /// The word's position in `0..<Word.count`.
    public var index: Int { @_noLocks get { Int(rawIndex) } }

    /// The word at `index`, or nil outside `0..<Word.count`.
    public init?(index: Int) {
        guard index >= 0, index < Word.count else { return nil }
        rawIndex = UInt16(index)
    }

    @_noLocks
    private init(unchecked index: Int) {
        rawIndex = UInt16(truncatingIfNeeded: index)
    }

    /// The word whose index is `rawIndex`, which must be below `Word.count`.
    @_noLocks
    init(rawIndex: UInt16) {
        self.rawIndex = rawIndex
    }
}

extension Word: CaseIterable {
    /// Every word, in `index` order.
    public static var allCases: [Word] {
        (0..<count).map { Word(unchecked: $0) }
    }
}

// MARK: - What a word is

extension Word {
    /// What a word means, independent of language.
    public enum Kind: Hashable, Sendable {
        /// A cardinal said as one word: 0…20 and the tens 30…90. The gender is
        /// `.masculine` except for 1 and 2, the only numbers whose form changes.
        case number(Int, gender: GrammaticalGender)
        /// A whole hundred said as one word, 1…9 (Russian сто, двести … девятьсот).
        case hundreds(Int)
        /// A noun in the form a number before it asks for.
        case noun(Noun, NounForm)
        /// An ordinal: 1…20 and 30 (first … twentieth, thirtieth).
        case ordinal(Int)
        /// A month, 1 (January) … 12, in the form a date uses (Russian: genitive, марта).
        case month(Int)
        /// A day of the week, 0 (Sunday) … 6 (Saturday).
        case weekday(Int)
        /// "minus", before a negative number.
        case minus
        /// "a-m" and "p-m", after a 12-hour time.
        case am, pm
        /// "oh", as in "nine oh five".
        case oh
        /// "o'clock".
        case oClock
        /// The keys * and #.
        case star, pound
        /// The DTMF keys A…D.
        case letterKey(Unicode.Scalar)
    }

    /// The word for `kind`. Traps when `kind` names no word (a number like 21,
    /// month 13): grammars build words only from checked values.
    @_noLocks
    public init(_ kind: Kind) {
        self.init(unchecked: Word.index(of: kind))
    }

    /// What this word means.
    public var kind: Kind {
        let index = self.index
        switch index {
        case Layout.numbers..<Layout.gendered:
            let offset = index - Layout.numbers
            return .number(offset <= 20 ? offset : (offset - 21 + 3) * 10, gender: .masculine)
        case Layout.gendered..<Layout.hundreds:
            let offset = index - Layout.gendered
            return .number(1 + offset / 2, gender: offset % 2 == 0 ? .feminine : .neuter)
        case Layout.hundreds..<Layout.nouns:
            return .hundreds(1 + index - Layout.hundreds)
        case Layout.nouns..<Layout.ordinals:
            let offset = index - Layout.nouns
            let formCount = Layout.nounFormCount
            return .noun(Noun(rawValue: UInt8(offset / formCount))!, NounForm(rawValue: UInt8(offset % formCount))!)
        case Layout.ordinals..<Layout.months:
            let offset = index - Layout.ordinals
            return .ordinal(offset < 20 ? offset + 1 : 30)
        case Layout.months..<Layout.weekdays:
            return .month(1 + index - Layout.months)
        case Layout.weekdays..<Layout.singles:
            return .weekday(index - Layout.weekdays)
        case Layout.singles..<Layout.letterKeys:
            return Single(rawValue: index - Layout.singles)!.kind
        default:
            return .letterKey(Unicode.Scalar(UInt8(ascii: "A") + UInt8(index - Layout.letterKeys)))
        }
    }

    @_noLocks
    private static func index(of kind: Kind) -> Int {
        switch kind {
        case .number(let value, let gender):
            if value == 1 || value == 2 {
                switch gender {
                case .masculine: break
                case .feminine: return Layout.gendered + (value - 1) * 2
                case .neuter: return Layout.gendered + (value - 1) * 2 + 1
                }
            }
            if value >= 0 && value <= 20 { return Layout.numbers + value }
            precondition(value >= 30 && value <= 90 && value % 10 == 0, "no single word for this number")
            return Layout.numbers + 21 + value / 10 - 3
        case .hundreds(let hundreds):
            precondition(hundreds >= 1 && hundreds <= 9, "hundreds are 1...9")
            return Layout.hundreds + hundreds - 1
        case .noun(let noun, let form):
            return Layout.nouns + position(of: noun) * Layout.nounFormCount + position(of: form)
        case .ordinal(let value):
            precondition((value >= 1 && value <= 20) || value == 30, "no single word for this ordinal")
            return Layout.ordinals + (value == 30 ? 20 : value - 1)
        case .month(let month):
            precondition(month >= 1 && month <= 12, "months are 1...12")
            return Layout.months + month - 1
        case .weekday(let weekday):
            precondition(weekday >= 0 && weekday <= 6, "weekdays are 0...6")
            return Layout.weekdays + weekday
        case .minus: return Layout.singles + Single.minus.rawValue
        case .am: return Layout.singles + Single.am.rawValue
        case .pm: return Layout.singles + Single.pm.rawValue
        case .oh: return Layout.singles + Single.oh.rawValue
        case .oClock: return Layout.singles + Single.oClock.rawValue
        case .star: return Layout.singles + Single.star.rawValue
        case .pound: return Layout.singles + Single.pound.rawValue
        case .letterKey(let letter):
            precondition(letter.value >= 0x41 && letter.value <= 0x44, "letter keys are A...D")
            return Layout.letterKeys + Int(letter.value) - 0x41
        }
    }

    // `rawValue`, spelled out: a synthesized getter in another file is opaque to `@_noLocks`.
    @_noLocks
    private static func position(of noun: Noun) -> Int {
        switch noun {
        case .hundred: 0
        case .thousand: 1
        case .million: 2
        case .billion: 3
        case .hour: 4
        case .minute: 5
        case .second: 6
        }
    }

    @_noLocks
    private static func position(of form: NounForm) -> Int {
        switch form {
        case .singular: 0
        case .paucal: 1
        case .plural: 2
        }
    }

    /// Where each family of words starts in the index space (computed, so that the
    /// real-time path never runs a lazy global initializer).
    enum Layout {
        static var nounCount: Int { 7 }      // Noun.allCases.count
        static var nounFormCount: Int { 3 }  // NounForm.allCases.count
        static var numbers: Int { 0 }                 // 0…20, then 30…90
        static var gendered: Int { numbers + 28 }     // 1 feminine, 1 neuter, 2 feminine, 2 neuter
        static var hundreds: Int { gendered + 4 }     // 1…9
        static var nouns: Int { hundreds + 9 }        // noun × form
        static var ordinals: Int { nouns + nounCount * nounFormCount }  // 1…20, 30
        static var months: Int { ordinals + 21 }
        static var weekdays: Int { months + 12 }
        static var singles: Int { weekdays + 7 }      // minus, a-m, p-m, oh, o'clock, star, pound
        static var letterKeys: Int { singles + 7 }    // A…D
        static var end: Int { letterKeys + 4 }
    }

    private enum Single: Int {
        case minus, am, pm, oh, oClock, star, pound

        var kind: Kind {
            switch self {
            case .minus: .minus
            case .am: .am
            case .pm: .pm
            case .oh: .oh
            case .oClock: .oClock
            case .star: .star
            case .pound: .pound
            }
        }
    }
}

// MARK: - Building words

extension Word {
    /// A cardinal said as one word: 0…20 or a ten 30…90. `gender` matters only for 1 and 2.
    @_noLocks
    public static func number(_ value: Int, gender: GrammaticalGender = .masculine) -> Word {
        Word(.number(value, gender: gender))
    }

    /// A whole hundred said as one word, 1…9.
    @_noLocks
    public static func hundreds(_ hundreds: Int) -> Word { Word(.hundreds(hundreds)) }

    /// `noun` in `form`.
    @_noLocks
    public static func noun(_ noun: Noun, _ form: NounForm) -> Word { Word(.noun(noun, form)) }

    /// An ordinal, 1…20 or 30.
    @_noLocks
    public static func ordinal(_ value: Int) -> Word { Word(.ordinal(value)) }

    /// A month, 1…12.
    @_noLocks
    public static func month(_ month: Int) -> Word { Word(.month(month)) }

    /// A day of the week, 0 (Sunday) … 6.
    @_noLocks
    public static func weekday(_ weekday: Int) -> Word { Word(.weekday(weekday)) }

    /// The DTMF key A, B, C or D.
    @_noLocks
    public static func letterKey(_ letter: Unicode.Scalar) -> Word { Word(.letterKey(letter)) }

    public static var minus: Word { @_noLocks get { Word(.minus) } }
    public static var am: Word { @_noLocks get { Word(.am) } }
    public static var pm: Word { @_noLocks get { Word(.pm) } }
    public static var oh: Word { @_noLocks get { Word(.oh) } }
    public static var oClock: Word { @_noLocks get { Word(.oClock) } }
    public static var star: Word { @_noLocks get { Word(.star) } }
    public static var pound: Word { @_noLocks get { Word(.pound) } }
}

// MARK: - Names

extension Word: CustomStringConvertible {
    /// A name for messages and tests: "1 feminine", "minute paucal", "month 3", "a-m".
    public var description: String {
        switch kind {
        case .number(let value, .masculine): "\(value)"
        case .number(let value, let gender): "\(value) \(gender)"
        case .hundreds(let hundreds): "\(hundreds)00 (one word)"
        case .noun(let noun, let form): "\(noun) \(form)"
        case .ordinal(let value): "ordinal \(value)"
        case .month(let month): "month \(month)"
        case .weekday(let weekday): "weekday \(weekday)"
        case .minus: "minus"
        case .am: "a-m"
        case .pm: "p-m"
        case .oh: "oh"
        case .oClock: "o'clock"
        case .star: "star"
        case .pound: "pound"
        case .letterKey(let letter): "key \(letter)"
        }
    }
}
