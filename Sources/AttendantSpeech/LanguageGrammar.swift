/// What one language provides: its grammar, run on the media thread (writing
/// words into `SpokenWords`, checked with `@_noLocks`), and where its words are
/// recorded, asked when a program is compiled.
///
/// A new language is a file with an enum conforming to this (see `English`),
/// a case in `SpeechLanguage` and that case in `SpeechLanguage`'s switches.
protocol LanguageGrammar {
    /// 0 … 10¹² - 1 as words (larger magnitudes digit by digit); `gender` is that
    /// of the noun counted, for languages whose numbers agree with it.
    static func sayCardinal(_ magnitude: UInt, gender: GrammaticalGender, into words: inout SpokenWords)
    /// A count and the noun it counts, in the form the count asks for.
    static func sayQuantity(_ count: UInt, of noun: Noun, into words: inout SpokenWords)
    /// A time of day, `hour` 0…23 and `minute` 0…59 (checked by the caller).
    static func sayTime(hour: Int, minute: Int, into words: inout SpokenWords)
    /// A date whose fields out of range are already nil.
    static func sayDate(_ date: SpokenDate, into words: inout SpokenWords)
    /// Where `word` is recorded, best first, and what is said when it is not.
    static func recordings(for word: Word) -> WordRecordings
}
