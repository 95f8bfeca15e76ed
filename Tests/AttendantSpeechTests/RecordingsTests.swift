import AttendantSpeech
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Debian's asterisk-core-sounds-<code>: the recordings every appliance has.
private func soundsFolder(_ language: SpeechLanguage) -> String {
    "/usr/share/asterisk/sounds/\(language.code)/"
}

private func folderIsReadable(_ path: String) -> Bool {
    access(path, R_OK | X_OK) == 0
}

private func recordingExists(in language: SpeechLanguage) -> (String) -> Bool {
    let folder = soundsFolder(language)
    return { access(folder + $0 + ".wav", R_OK) == 0 }
}

/// Every word of `language` resolved against the standard recordings, by index.
private func resolvedOnDisk(_ language: SpeechLanguage) -> [ResolvedWord?] {
    let exists = recordingExists(in: language)
    return Word.allCases.map { language.resolve($0, recordingExists: exists) }
}

/// Words whose own recordings the standard sets lack, and so are said by their
/// fallbacks. A word missing that is not listed here is a typo in a candidate
/// path, or a recording that went away; recordings added locally only shorten it.
private let knownGaps: [SpeechLanguage: Set<Word>] = [
    .english: [.noun(.hour, .singular)],
    .russian: Set([
        .number(1, gender: .feminine), .number(2, gender: .feminine),
        .noun(.hundred, .paucal), .noun(.thousand, .plural), .noun(.million, .plural), .noun(.billion, .paucal),
        .noun(.hour, .singular), .noun(.hour, .paucal), .noun(.minute, .paucal),
        .noun(.second, .singular), .noun(.second, .paucal),
    ] + (2...9).map { Word.hundreds($0) }),
]

@Suite struct RecordingsOnDiskTests {
    @Test(arguments: SpeechLanguage.allCases)
    func standardRecordingsAreInstalled(language: SpeechLanguage) {
        #expect(folderIsReadable(soundsFolder(language)), "install asterisk-core-sounds-\(language.code)-wav")
        #expect(folderIsReadable(soundsFolder(language) + "digits/"))
    }

    /// No word is ever silence: every chain of fallbacks ends in recordings on disk.
    @Test(arguments: SpeechLanguage.allCases)
    func everyWordEndsInARecordingOnDisk(language: SpeechLanguage) throws {
        try #require(folderIsReadable(soundsFolder(language)), "no recordings at \(soundsFolder(language))")
        let exists = recordingExists(in: language)
        for word in Word.allCases {
            let resolved = language.resolve(word, recordingExists: exists)
            #expect(resolved != nil, "\(language.code): \(word) would be silence")
            guard let resolved else { continue }
            #expect(!resolved.recordings.isEmpty, "\(language.code): \(word)")
            #expect(resolved.recordings.count <= 2, "\(language.code): \(word) -> \(resolved.recordings)")
            for path in resolved.recordings { #expect(exists(path), "\(language.code): \(path)") }
        }
    }

    @Test(arguments: SpeechLanguage.allCases)
    func onlyTheKnownFormsAreMissing(language: SpeechLanguage) throws {
        try #require(folderIsReadable(soundsFolder(language)))
        let resolved = resolvedOnDisk(language)
        let missing = Set(Word.allCases.filter { resolved[$0.index].map { $0.missing.first } ?? $0 == $0 })
        let unexpected = missing.subtracting(knownGaps[language]!)
        #expect(unexpected.isEmpty, "\(language.code): no recording for \(unexpected.map(\.description).sorted())")
    }

    @Test(arguments: [
        (Word.number(1, gender: .feminine), ["digits/1"]),
        (.number(2, gender: .feminine), ["digits/2"]),
        (.number(1, gender: .neuter), ["digits/1n"]),
        (.number(2, gender: .neuter), ["digits/2n"]),
        (.hundreds(1), ["digits/hundred"]),
        (.hundreds(2), ["digits/2", "digits/h-hundred"]),
        (.hundreds(5), ["digits/5", "digits/h-hundred"]),
        (.noun(.thousand, .singular), ["digits/thousand"]),
        (.noun(.thousand, .paucal), ["digits/h-thousand"]),
        (.noun(.thousand, .plural), ["digits/h-thousand"]),
        (.noun(.million, .plural), ["digits/h-million"]),
        (.noun(.billion, .paucal), ["digits/h-billion"]),
        (.noun(.hour, .singular), ["hours"]),
        (.noun(.minute, .singular), ["queue-minute"]),
        (.noun(.minute, .paucal), ["minutes"]),
        (.noun(.second, .singular), ["seconds"]),
        (.pound, ["digits/pound"]),
    ])
    func russianGapsAreFilledSoundingClosest(word: Word, recordings: [String]) throws {
        try #require(folderIsReadable(soundsFolder(.russian)))
        let resolved = SpeechLanguage.russian.resolve(word, recordingExists: recordingExists(in: .russian))
        #expect(resolved?.recordings == recordings)
    }

    @Test func englishSaysWhatItHasNoWordForWithOtherWords() throws {
        try #require(folderIsReadable(soundsFolder(.english)))
        let exists = recordingExists(in: .english)
        let one = SpeechLanguage.english.resolve(.number(1, gender: .feminine), recordingExists: exists)
        #expect(one == ResolvedWord(recordings: ["digits/1"], missing: []))
        let hour = SpeechLanguage.english.resolve(.noun(.hour, .singular), recordingExists: exists)
        #expect(hour == ResolvedWord(recordings: ["hours"], missing: [.noun(.hour, .singular)]))
        let hundreds = SpeechLanguage.english.resolve(.hundreds(3), recordingExists: exists)
        #expect(hundreds?.recordings == ["digits/3", "digits/hundred"])
    }
}

@Suite struct ResolutionTests {
    @Test(arguments: SpeechLanguage.allCases)
    func completeSetsUseEachWordsFirstRecording(language: SpeechLanguage) {
        for word in Word.allCases {
            let source = language.recordings(for: word)
            let resolved = language.resolve(word) { _ in true }
            if let first = source.candidates.first {
                #expect(resolved == ResolvedWord(recordings: [first], missing: []), "\(word)")
            } else {
                #expect(!source.fallback.isEmpty, "\(language.code): \(word) has neither recordings nor fallback")
                #expect(resolved?.missing == [], "\(word)")
            }
        }
    }

    @Test(arguments: SpeechLanguage.allCases)
    func withoutRecordingsNothingResolves(language: SpeechLanguage) {
        for word in Word.allCases { #expect(language.resolve(word) { _ in false } == nil) }
    }

    @Test func aMissingFormIsReportedAlongTheWay() {
        let resolved = SpeechLanguage.russian.resolve(.noun(.second, .singular)) { $0 == "seconds" }
        #expect(resolved == ResolvedWord(recordings: ["seconds"],
                                         missing: [.noun(.second, .singular), .noun(.second, .paucal)]))
    }

    @Test func pathsAreRelativeWithoutExtension() {
        for language in SpeechLanguage.allCases {
            for word in Word.allCases {
                for path in language.recordings(for: word).candidates {
                    #expect(!path.hasPrefix("/") && !path.hasSuffix(".wav") && !path.isEmpty, "\(path)")
                }
            }
        }
    }
}

/// Every number 0…10 000 (and its negative), in every language and gender: the
/// words say that number, agree as the language wants, and all resolve on disk.
@Suite struct ExhaustiveTests {
    @Test(arguments: SpeechLanguage.allCases)
    func everyNumberUpToTenThousand(language: SpeechLanguage) throws {
        try #require(folderIsReadable(soundsFolder(language)))
        let resolved = resolvedOnDisk(language)
        let genders: [GrammaticalGender] = language == .russian ? GrammaticalGender.allCases : [.masculine]
        var failures = 0
        for number in -10_000...10_000 {
            for gender in genders {
                let words = said { language.sayNumber(number, gender: gender, emit: $0) }
                var ok = value(of: words) == number
                ok = ok && words.allSatisfy { resolved[$0.index].map { !$0.recordings.isEmpty } ?? false }
                if language == .russian { ok = ok && russianAgreement(words, unitsGender: gender) }
                if !ok {
                    failures += 1
                    if failures <= 10 { Issue.record("\(language.code) \(number) \(gender): \(language.text(words))") }
                }
            }
        }
        #expect(failures == 0)
    }

    @Test(arguments: SpeechLanguage.allCases)
    func everyQuantityUpToTenThousand(language: SpeechLanguage) throws {
        try #require(folderIsReadable(soundsFolder(language)))
        let resolved = resolvedOnDisk(language)
        var failures = 0
        for noun in [Noun.hour, .minute, .second, .thousand] {
            for count in 0...10_000 {
                let words = said { language.sayQuantity(count, of: noun, emit: $0) }
                guard let last = words.last, case .noun(noun, let form) = last.kind else {
                    failures += 1
                    continue
                }
                var ok = value(of: Array(words.dropLast())) == count
                ok = ok && words.allSatisfy { resolved[$0.index].map { !$0.recordings.isEmpty } ?? false }
                switch language {
                case .english: ok = ok && form == (count == 1 || noun == .thousand ? .singular : .plural)
                case .russian: ok = ok && russianAgreement(words, unitsGender: .masculine)
                }
                if !ok {
                    failures += 1
                    if failures <= 10 { Issue.record("\(language.code) \(count) \(noun): \(language.text(words))") }
                }
            }
        }
        #expect(failures == 0)
    }

    /// Numbers across the whole range, sampled: the words say the number.
    @Test(arguments: SpeechLanguage.allCases)
    func sampledNumbersUpToOneTrillion(language: SpeechLanguage) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var failures = 0
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let magnitude = Int((state >> 11) % 1_000_000_000_000)
            let number = state & 1 == 0 ? magnitude : -magnitude
            let words = said { language.sayNumber(number, emit: $0) }
            if value(of: words) != number {
                failures += 1
                if failures <= 10 { Issue.record("\(language.code) \(number): \(language.text(words))") }
            }
        }
        #expect(failures == 0)
    }
}

/// Russian agreement, judged from the words alone: a noun takes the form its
/// numeral's last word asks for (один/одна → singular; два/две, три, четыре →
/// paucal; anything else, a multiplier too, → plural: "тысяча часов"), and a 1
/// or 2 before a noun has the noun's gender, before none `unitsGender`.
private func russianAgreement(_ words: [Word], unitsGender: GrammaticalGender) -> Bool {
    func gender(of noun: Noun) -> GrammaticalGender {
        switch noun {
        case .hundred, .thousand, .minute, .second: .feminine
        case .million, .billion, .hour: .masculine
        }
    }
    for (position, word) in words.enumerated() {
        guard case .number(let value, let numberGender) = word.kind, value == 1 || value == 2 else { continue }
        let next = position + 1 < words.count ? words[position + 1].kind : nil
        let expected: GrammaticalGender
        if case .noun(let noun, _)? = next { expected = gender(of: noun) } else { expected = unitsGender }
        if numberGender != expected { return false }
    }
    for (position, word) in words.enumerated() {
        guard case .noun(_, let form) = word.kind else { continue }
        guard position > 0 else { return false }
        let expected: NounForm
        switch words[position - 1].kind {
        case .number(1, _): expected = .singular
        case .number(2, _), .number(3, _), .number(4, _): expected = .paucal
        case .number, .hundreds: expected = .plural
        case .noun(.thousand, _), .noun(.million, _), .noun(.billion, _): expected = .plural  // тысяча часов
        default: return false
        }
        if form != expected { return false }
    }
    return true
}
