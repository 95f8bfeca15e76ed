import AttendantSpeech
import Testing

@Suite struct EnglishTests {
    let english = SpeechLanguage.english

    @Test(arguments: [
        (0, "zero"), (1, "one"), (7, "seven"), (10, "ten"), (11, "eleven"), (13, "thirteen"), (19, "nineteen"),
        (20, "twenty"), (21, "twenty one"), (30, "thirty"), (45, "forty five"), (99, "ninety nine"),
        (100, "one hundred"), (101, "one hundred one"), (111, "one hundred eleven"), (200, "two hundred"),
        (999, "nine hundred ninety nine"), (1000, "one thousand"), (1001, "one thousand one"),
        (1100, "one thousand one hundred"), (2000, "two thousand"), (5000, "five thousand"),
        (21_000, "twenty one thousand"), (100_000, "one hundred thousand"), (1_000_000, "one million"),
        (2_000_000, "two million"), (5_000_000, "five million"), (1_000_001, "one million one"),
        (123_456_789, "one hundred twenty three million four hundred fifty six thousand seven hundred eighty nine"),
        (999_999_999, "nine hundred ninety nine million nine hundred ninety nine thousand nine hundred ninety nine"),
        (1_000_000_000, "one billion"), (-1, "minus one"), (-21, "minus twenty one"),
        (-1_234, "minus one thousand two hundred thirty four"),
    ])
    func numbers(value: Int, spoken: String) {
        #expect(english.number(value) == spoken)
    }

    @Test func oneToTwentyAndTheTensAreSingleWords() {
        for value in Array(0...20) + [30, 40, 50, 60, 70, 80, 90] {
            #expect(said { english.sayNumber(value, emit: $0) } == [.number(value)])
        }
    }

    @Test func genderIsIgnored() {
        #expect(english.number(1, .feminine) == "one")
        #expect(english.number(22, .neuter) == "twenty two")
    }

    @Test func hugeNumbersAreSaidDigitByDigit() {
        #expect(english.number(1_000_000_000_000) == "one zero zero zero zero zero zero zero zero zero zero zero zero")
        #expect(english.number(Int.min) == "minus nine two two three three seven two zero three six eight"
            + " five four seven seven five eight zero eight")
    }

    @Test(arguments: [
        (1, Noun.minute, "one minute"), (2, .minute, "two minutes"), (0, .minute, "zero minutes"),
        (21, .minute, "twenty one minutes"), (1, .hour, "one hour"), (3, .hour, "three hours"),
        (1, .second, "one second"), (59, .second, "fifty nine seconds"), (5, .thousand, "five thousand"),
    ])
    func quantities(count: Int, noun: Noun, spoken: String) {
        #expect(english.quantity(count, noun) == spoken)
    }

    @Test(arguments: [
        (0, "zero seconds"), (1, "one second"), (2, "two seconds"), (60, "one minute"), (61, "one minute one second"),
        (120, "two minutes"), (3600, "one hour"), (3725, "one hour two minutes five seconds"),
        (7322, "two hours two minutes two seconds"), (86_400, "twenty four hours"),
        (-90, "minus one minute thirty seconds"),
    ])
    func durations(seconds: Int, spoken: String) {
        #expect(english.duration(seconds) == spoken)
    }

    @Test(arguments: [
        (0, 0, "twelve o'clock a-m"), (0, 30, "twelve thirty a-m"), (9, 0, "nine o'clock a-m"),
        (9, 5, "nine oh five a-m"), (9, 9, "nine oh nine a-m"), (9, 10, "nine ten a-m"),
        (11, 59, "eleven fifty nine a-m"), (12, 0, "twelve o'clock p-m"), (12, 1, "twelve oh one p-m"),
        (13, 15, "one fifteen p-m"), (21, 45, "nine forty five p-m"), (23, 59, "eleven fifty nine p-m"),
    ])
    func times(hour: Int, minute: Int, spoken: String) {
        #expect(english.time(hour, minute) == spoken)
    }

    @Test func timesOutOfRangeSayNothing() {
        #expect(english.time(24, 0) == "")
        #expect(english.time(-1, 0) == "")
        #expect(english.time(10, 60) == "")
    }

    @Test func dates() {
        #expect(english.date(2026, 3, 3, weekday: 2) == "tuesday march third twenty twenty six")
        #expect(english.date(1999, 12, 31, weekday: 5) == "friday december thirty first nineteen ninety nine")
        #expect(english.date(2005, 1, 21) == "january twenty first two thousand five")
        #expect(english.date(1900, 7, 30, weekday: 1) == "monday july thirtieth nineteen hundred")
        #expect(english.date(1905, 2, 20) == "february twentieth nineteen oh five")
        #expect(english.date(2000, 5, 1, weekday: 1) == "monday may first two thousand")
        #expect(english.date(2010, 10, 22) == "october twenty second twenty ten")
        #expect(english.date(2100, 11, 11) == "november eleventh twenty one hundred")
    }

    @Test func dateFieldsOutOfRangeAreLeftOut() {
        #expect(english.date(2026, 13, 3, weekday: 7) == "third twenty twenty six")
        #expect(english.date(0, 3, 32) == "march")
    }

    @Test func digits() {
        #expect(english.digits("0123456789*#")
            == "zero one two three four five six seven eight nine star pound")
        #expect(english.digits("1a D-x") == "one A D")
        #expect(english.digits("") == "")
    }
}
