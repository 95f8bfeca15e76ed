import AttendantSpeech

// What the tests hear: each word glossed as the text it means in a language, so
// that expectations read as speech ("двадцать одна минута"). The glosses are the
// tests' own, independent of the recordings.

/// The words `say` emits, in order.
func said(_ say: ((Word) -> Void) -> Void) -> [Word] {
    var words: [Word] = []
    say { words.append($0) }
    return words
}

extension SpeechLanguage {
    func text(_ words: [Word]) -> String {
        words.map(gloss).joined(separator: " ")
    }

    func number(_ value: Int, _ gender: GrammaticalGender = .masculine) -> String {
        text(said { sayNumber(value, gender: gender, emit: $0) })
    }

    func quantity(_ count: Int, _ noun: Noun) -> String {
        text(said { sayQuantity(count, of: noun, emit: $0) })
    }

    func duration(_ seconds: Int) -> String {
        text(said { sayDuration(seconds: seconds, emit: $0) })
    }

    func time(_ hour: Int, _ minute: Int) -> String {
        text(said { sayTime(hour: hour, minute: minute, emit: $0) })
    }

    func date(_ year: Int, _ month: Int, _ day: Int, weekday: Int? = nil) -> String {
        text(said { sayDate(year: year, month: month, day: day, weekday: weekday, emit: $0) })
    }

    func digits(_ keys: String) -> String {
        let bytes = Array(keys.utf8)
        return text(said { emit in bytes.withUnsafeBufferPointer { sayDigits($0, emit: emit) } })
    }

    func gloss(_ word: Word) -> String {
        switch self {
        case .english: englishGloss(word)
        case .russian: russianGloss(word)
        }
    }
}

private func englishGloss(_ word: Word) -> String {
    let units = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                 "nineteen", "twenty"]
    let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    let ordinals = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                    "seventeenth", "eighteenth", "nineteenth", "twentieth"]
    let months = ["", "january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december"]
    let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    switch word.kind {
    case .number(let value, .masculine): return value <= 20 ? units[value] : tens[value / 10]
    case .number(let value, let gender): return "<\(units[value]) \(gender)>"  // English has none
    case .hundreds(let hundreds): return "<\(hundreds)00 as one word>"
    case .noun(let noun, .singular): return "\(noun)"
    case .noun(let noun, .plural): return "\(noun)s"
    case .noun(let noun, .paucal): return "<\(noun) paucal>"
    case .ordinal(let value): return value == 30 ? "thirtieth" : ordinals[value]
    case .month(let month): return months[month]
    case .weekday(let weekday): return weekdays[weekday]
    case .minus: return "minus"
    case .am: return "a-m"
    case .pm: return "p-m"
    case .oh: return "oh"
    case .oClock: return "o'clock"
    case .star: return "star"
    case .pound: return "pound"
    case .letterKey(let letter): return "\(letter)"
    }
}

private func russianGloss(_ word: Word) -> String {
    let units = ["ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять",
                 "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать",
                 "семнадцать", "восемнадцать", "девятнадцать", "двадцать"]
    let tens = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят",
                "девяносто"]
    let hundreds = ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот",
                    "девятьсот"]
    let ordinals = ["", "первый", "второй", "третий", "четвёртый", "пятый", "шестой", "седьмой", "восьмой",
                    "девятый", "десятый", "одиннадцатый", "двенадцатый", "тринадцатый", "четырнадцатый",
                    "пятнадцатый", "шестнадцатый", "семнадцатый", "восемнадцатый", "девятнадцатый", "двадцатый"]
    let months = ["", "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                  "октября", "ноября", "декабря"]
    let weekdays = ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"]
    let nouns: [Noun: [String]] = [
        .hundred: ["сотня", "сотни", "сотен"], .thousand: ["тысяча", "тысячи", "тысяч"],
        .million: ["миллион", "миллиона", "миллионов"], .billion: ["миллиард", "миллиарда", "миллиардов"],
        .hour: ["час", "часа", "часов"], .minute: ["минута", "минуты", "минут"],
        .second: ["секунда", "секунды", "секунд"],
    ]
    switch word.kind {
    case .number(let value, .masculine): return value <= 20 ? units[value] : tens[value / 10]
    case .number(1, .feminine): return "одна"
    case .number(1, _): return "одно"
    case .number(_, .feminine): return "две"
    case .number(_, _): return "два"
    case .hundreds(let value): return hundreds[value]
    case .noun(let noun, let form): return nouns[noun]![Int(form.rawValue)]
    case .ordinal(let value): return value == 30 ? "тридцатый" : ordinals[value]
    case .month(let month): return months[month]
    case .weekday(let weekday): return weekdays[weekday]
    case .minus: return "минус"
    case .am: return "до полудня"
    case .pm: return "после полудня"
    case .oh: return "<oh>"
    case .oClock: return "<o'clock>"
    case .star: return "звёздочка"
    case .pound: return "решётка"
    case .letterKey(let letter): return "\(letter)"
    }
}

/// Reads spoken words back as the number they say, or nil when they are not a
/// well-formed number: groups of hundreds, tens and units, each group's
/// multiplier smaller than the one before. Knows no language: words mean the
/// same in every one.
func value(of words: [Word]) -> Int? {
    enum Slot: Int { case start, afterHundreds, afterTens, afterUnits }
    var sign = 1
    var total = 0
    var group = 0
    var slot = Slot.start
    var lastMultiplier = Int.max
    var position = 0
    if words.first == .minus {
        sign = -1
        position = 1
    }
    guard position < words.count else { return nil }
    while position < words.count {
        switch words[position].kind {
        case .number(let value, _):
            if value >= 20 && value % 10 == 0 {  // a ten
                guard slot.rawValue < Slot.afterTens.rawValue else { return nil }
                slot = .afterTens
            } else if value >= 10 || value == 0 {  // 0, 10…19: a group's last word
                guard slot.rawValue < Slot.afterTens.rawValue else { return nil }
                if value == 0 && (slot != .start || total != 0 || words.count - position != 1) { return nil }
                slot = .afterUnits
            } else {  // 1…9
                guard slot != .afterUnits else { return nil }
                slot = .afterUnits
            }
            group += value
        case .hundreds(let hundreds):
            guard slot == .start else { return nil }
            group = hundreds * 100
            slot = .afterHundreds
        case .noun(.hundred, _):  // "two" "hundred"
            guard slot == .afterUnits, group >= 1, group <= 9 else { return nil }
            group *= 100
            slot = .afterHundreds
        case .noun(let multiplier, _) where multiplier != .hour && multiplier != .minute && multiplier != .second:
            let scale = multiplier == .thousand ? 1_000 : multiplier == .million ? 1_000_000 : 1_000_000_000
            guard scale < lastMultiplier else { return nil }
            if slot == .start && multiplier == .thousand { group = 1 }  // "тысяча" alone, in years
            guard group >= 1 else { return nil }
            total += group * scale
            group = 0
            slot = .start
            lastMultiplier = scale
        default:
            return nil
        }
        position += 1
    }
    return sign * (total + group)
}
