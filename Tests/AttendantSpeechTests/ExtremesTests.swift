import AttendantSpeech
import Testing

/// The grammars gather a phrase in a fixed inline buffer of 32 words, which traps
/// when overrun: the longest phrases any input makes must fit.
@Suite struct ExtremesTests {
    static let longestDuration = -(777_777_777_777 * 3600 + 57 * 60 + 57)

    @Test(arguments: SpeechLanguage.allCases)
    func longestPhrasesFit(language: SpeechLanguage) {
        var longest = 0
        for number in [Int.min, Int.max, 999_999_999_999, -777_777_777_777, 1_000_000_000_000] {
            longest = max(longest, said { language.sayNumber(number, gender: .feminine, emit: $0) }.count)
            longest = max(longest, said { language.sayQuantity(number, of: .minute, emit: $0) }.count)
            longest = max(longest, said { language.sayDuration(seconds: number, emit: $0) }.count)
            longest = max(longest, said { language.sayDate(year: number, month: 12, day: 27, weekday: 3, emit: $0) }.count)
        }
        let duration = said { language.sayDuration(seconds: Self.longestDuration, emit: $0) }
        longest = max(longest, duration.count)
        #expect(longest <= 32)
        #expect(duration.count == (language == .english ? 27 : 23), "\(language.text(duration))")
    }

    @Test func theLongestEnglishPhrase() {
        #expect(SpeechLanguage.english.duration(Self.longestDuration) == "minus seven hundred seventy seven billion"
            + " seven hundred seventy seven million seven hundred seventy seven thousand seven hundred seventy seven"
            + " hours fifty seven minutes fifty seven seconds")
    }

    @Test func keysAreSaidWithoutLimit() {
        let keys = String(repeating: "0123456789*#", count: 100)
        #expect(said { emit in
            Array(keys.utf8).withUnsafeBufferPointer { SpeechLanguage.russian.sayDigits($0, emit: emit) }
        }.count == 1200)
    }
}
