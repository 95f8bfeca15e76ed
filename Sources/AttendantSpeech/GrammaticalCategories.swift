/// The grammatical gender of the noun a number counts.
///
/// Only some words change with it: Russian один/одна/одно (1) and два/две/два (2).
/// English ignores it.
///
/// ```swift
/// SpeechLanguage.russian.sayNumber(21, gender: .feminine) { play($0) }  // двадцать одна
/// ```
public enum GrammaticalGender: UInt8, Sendable, CaseIterable {
    case masculine, feminine, neuter
}

/// A noun that grammars put after a number: multipliers (hundred … billion) and
/// units of time.
public enum Noun: UInt8, Sendable, CaseIterable {
    case hundred, thousand, million, billion
    case hour, minute, second

    /// Hundred … billion: words that multiply the number before them.
    var isMultiplier: Bool {
        @_noLocks get {
            switch self {
            case .hundred, .thousand, .million, .billion: true
            case .hour, .minute, .second: false
            }
        }
    }
}

/// The form a noun takes after a number.
///
/// - `singular`: after 1 (English "minute"; Russian минута after 1, 21, 31 …).
/// - `paucal`: after 2, 3, 4 in Russian (минуты after 2–4, 22–24 …); languages
///   without it (English) never ask for it.
/// - `plural`: everything else (English "minutes"; Russian минут after 0, 5–20,
///   25–30 …).
public enum NounForm: UInt8, Sendable, CaseIterable {
    case singular, paucal, plural
}
