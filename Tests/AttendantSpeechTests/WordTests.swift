import AttendantSpeech
import Testing

@Suite struct WordTests {
    @Test func indicesAreDenseAndInOrder() {
        let words = Word.allCases
        #expect(words.count == Word.count)
        #expect(words.map(\.index) == Array(0..<Word.count))
        #expect(Set(words).count == Word.count)
        #expect(Word(index: -1) == nil)
        #expect(Word(index: Word.count) == nil)
        for word in words { #expect(Word(index: word.index) == word) }
    }

    @Test func everyWordIsItsKind() {
        for word in Word.allCases { #expect(Word(word.kind) == word, "\(word)") }
    }

    @Test func everyFamilyHasAllItsWords() {
        var expected: Set<Word> = []
        for value in Array(0...20) + [30, 40, 50, 60, 70, 80, 90] { expected.insert(.number(value)) }
        for value in [1, 2] {
            expected.insert(.number(value, gender: .feminine))
            expected.insert(.number(value, gender: .neuter))
        }
        for hundreds in 1...9 { expected.insert(.hundreds(hundreds)) }
        for noun in Noun.allCases {
            for form in NounForm.allCases { expected.insert(.noun(noun, form)) }
        }
        for value in Array(1...20) + [30] { expected.insert(.ordinal(value)) }
        for month in 1...12 { expected.insert(.month(month)) }
        for weekday in 0...6 { expected.insert(.weekday(weekday)) }
        expected.formUnion([.minus, .am, .pm, .oh, .oClock, .star, .pound])
        for letter in ["A", "B", "C", "D"] as [Unicode.Scalar] { expected.insert(.letterKey(letter)) }
        #expect(expected == Set(Word.allCases))
    }

    @Test func genderChangesOnlyOneAndTwo() {
        #expect(Word.number(1, gender: .feminine) != .number(1))
        #expect(Word.number(1, gender: .neuter) != .number(1, gender: .feminine))
        #expect(Word.number(2, gender: .feminine) != .number(2))
        for value in [0, 3, 5, 11, 12, 20, 30] {
            #expect(Word.number(value, gender: .feminine) == .number(value))
            #expect(Word.number(value, gender: .neuter) == .number(value))
        }
    }

    @Test func descriptionsNameEachWord() {
        #expect(Set(Word.allCases.map(\.description)).count == Word.count)
        #expect(Word.number(1, gender: .feminine).description == "1 feminine")
        #expect(Word.noun(.minute, .paucal).description == "minute paucal")
        #expect(Word.month(3).description == "month 3")
        #expect(Word.am.description == "a-m")
    }

    @Test func aNumberWithNoWordOfItsOwnTraps() async {
        await #expect(processExitsWith: .failure) { _ = Word.number(21) }
    }
}

@Suite struct LanguageCodeTests {
    @Test(arguments: [("en", SpeechLanguage.english), ("ru", .russian), ("en_US", .english), ("RU-ru", .russian)])
    func codesName(code: String, language: SpeechLanguage) {
        #expect(SpeechLanguage(code: code) == language)
    }

    @Test func unknownCodesNameNone() {
        #expect(SpeechLanguage(code: "de") == nil)
        #expect(SpeechLanguage(code: "") == nil)
        #expect(SpeechLanguage(code: "english") == nil)
    }

    @Test func codeRoundTrips() {
        for language in SpeechLanguage.allCases { #expect(SpeechLanguage(code: language.code) == language) }
    }
}
