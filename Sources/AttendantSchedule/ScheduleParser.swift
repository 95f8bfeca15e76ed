import AttendantSyntax

/// Reads the body of `schedule NAME { … }`:
///
/// ```
/// body      = "{" { line } "}" ;
/// line      = "timezone" STRING NEWLINE
///           | days ( "closed" | interval { "," interval } ) NEWLINE
///           | "holiday" NAME DATE NEWLINE ;
/// days      = day-range { "," day-range } ;
/// day-range = DAY [ "-" DAY ] ;                 (no spaces: mon-fri)
/// DAY       = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun" ;
/// interval  = TIME "-" TIME ;                    (no spaces: 09:00-13:00)
/// TIME      = H[H] ":" MM                        (00:00 to 24:00; 24:00 only as an end)
/// DATE      = MM "-" DD | YYYY "-" MM "-" DD ;
/// ```
///
/// The lexer splits `09:00-13:00` into `09` `:` `00-13` `:` `00`; an interval is the
/// run of words and colons that touch one another, and errors point into it.
/// A broken line is one diagnostic and is skipped; the rest is still read.
package enum ScheduleParser {
    /// Called with the stream just after `schedule NAME`, on the `{`; consumes through
    /// the closing `}` (or to the end of the file, reporting the missing `}`). Without
    /// a `{` it reports that, skips the rest of the line and returns an empty body.
    package static func parseBody(_ stream: inout TokenStream, name: Name) -> ScheduleParse {
        var parser = BodyParser(stream: stream, name: name)
        parser.parseBody()
        stream = parser.stream
        return ScheduleParse(syntax: parser.syntax, diagnostics: parser.diagnostics)
    }
}

private struct BodyParser: BlockParsing {
    var stream: TokenStream
    var syntax: ScheduleSyntax
    var diagnostics: [Diagnostic] = []

    init(stream: TokenStream, name: Name) {
        self.stream = stream
        syntax = ScheduleSyntax(name: name)
    }

    mutating func parseBody() {
        guard stream.current.isSymbol("{") else {
            diagnostics.append(stream.error("expected '{' after the schedule name '\(syntax.name.text)', found \(stream.current.quoted)"))
            syntax.hasBody = false
            stream.recover()
            return
        }
        stream.advance()
        statements(of: "schedule", named: syntax.name) { parser throws(Diagnostic) in try parser.parseLine() }
    }

    private mutating func parseLine() throws(Diagnostic) {
        let keyword = stream.current
        switch keyword.word {
        case "timezone":
            try parseTimeZone()
        case "holiday":
            try parseHoliday()
        case let word? where looksLikeDays(word):
            try parseDayLine()
        default:
            throw stream.error("expected 'timezone', 'holiday' or days like 'mon-fri' in schedule '\(syntax.name.text)', found \(keyword.quoted)")
        }
        try stream.expectEndOfStatement()
    }

    // MARK: timezone

    private mutating func parseTimeZone() throws(Diagnostic) {
        let keyword = stream.current
        if let first = syntax.timeZone {
            throw stream.error("a second 'timezone' (the first is at \(first.keyword.line):\(first.keyword.column))", at: keyword)
        }
        stream.advance()
        let location = stream.location
        syntax.timeZone = TimeZoneSyntax(keyword: stream.location(of: keyword), identifier: nil, location: location)
        let identifier = try stream.expectString("a time zone name")
        syntax.timeZone?.identifier = identifier
    }

    // MARK: holiday

    private mutating func parseHoliday() throws(Diagnostic) {
        stream.advance()
        let nameToken = stream.current
        guard let text = nameToken.word else {
            throw stream.error("expected a holiday name, found \(nameToken.quoted)")
        }
        let name = Name(text: text, location: stream.location)
        stream.advance()
        let dateToken = stream.current
        guard let dateText = dateToken.word else {
            if (try? Self.date(text, at: name.location)) != nil {
                throw stream.error("a holiday needs a name before its date, like 'holiday new-year 01-01'", at: nameToken)
            }
            throw stream.error("expected a date like 12-25 or 2026-12-25 after the holiday name, found \(dateToken.quoted)")
        }
        let location = stream.location
        let date = try Self.date(dateText, at: location)
        stream.advance()
        syntax.holidays.append(HolidaySyntax(name: name, date: date, dateLocation: location))
    }

    /// `MM-DD` (every year) or `YYYY-MM-DD` (once).
    private static func date(_ text: String, at location: SourceLocation) throws(Diagnostic) -> HolidayDate {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let widths = parts.map(\.count)
        guard widths == [2, 2] || widths == [4, 2, 2], parts.allSatisfy(isDigits) else {
            throw Diagnostic(.error, at: location, "expected a date like 12-25 or 2026-12-25, found '\(text)'")
        }
        let numbers = parts.map { Int($0)! }
        let year: Int? = numbers.count == 3 ? numbers[0] : nil
        let month = numbers[numbers.count - 2], day = numbers[numbers.count - 1]
        guard (1...12).contains(month), day >= 1, day <= CivilDate.length(ofMonth: month, year: year), year != 0 else {
            throw Diagnostic(.error, at: location, "\(text) is not a date")
        }
        if let year { return .once(year: year, month: month, day: day) }
        return .yearly(month: month, day: day)
    }

    // MARK: days and hours

    /// Whether a line starting with `word` is meant as a day line: it starts with a
    /// day's name, or what follows it is what follows days.
    private func looksLikeDays(_ word: String) -> Bool {
        if let first = word.split(separator: "-", omittingEmptySubsequences: false).first,
           Weekday(abbreviation: first) != nil {
            return true
        }
        let next = stream.peekKind(1)
        if next == .symbol(",") { return true }
        if case .word(let text) = next { return text == "closed" || text.first?.isASCIIDigit == true }
        return false
    }

    private mutating func parseDayLine() throws(Diagnostic) {
        let location = stream.location
        var days = Set<Weekday>()
        days.formUnion(try parseDayRange())
        while stream.current.isSymbol(",") {
            stream.advance()
            guard let word = stream.current.word, word.first?.isASCIIDigit == false else {
                throw stream.error("expected a day like 'mon' or a range like 'mon-fri' after ',', found \(stream.current.quoted)")
            }
            days.formUnion(try parseDayRange())
        }
        let hours: DayLineSyntax.Hours
        if stream.current.isWord("closed") {
            stream.advance()
            hours = .closed
        } else {
            switch stream.current.kind {
            case .newline, .end, .symbol("}"):
                throw stream.error("expected hours like 09:00-18:00 or 'closed' after the days, found \(stream.current.quoted)")
            default:
                break
            }
            var intervals = [try parseInterval()]
            while stream.current.isSymbol(",") {
                stream.advance()
                intervals.append(try parseInterval())
            }
            hours = .intervals(intervals)
        }
        syntax.lines.append(DayLineSyntax(days: days.sorted(), location: location, hours: hours))
    }

    /// `mon` or `mon-fri`, one word.
    private mutating func parseDayRange() throws(Diagnostic) -> [Weekday] {
        let token = stream.current
        guard let text = token.word else { throw stream.error("expected a day, found \(token.quoted)") }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw stream.error("expected a day like 'mon' or a range like 'mon-fri', found '\(text)'")
        }
        let first = try day(parts[0], at: location(line: token.line, column: token.column))
        var last = first
        if parts.count == 2 {
            last = try day(parts[1], at: location(line: token.line, column: token.column + parts[0].count + 1))
            guard first <= last else { throw stream.error("day '\(text)' runs backwards") }
        }
        stream.advance()
        return Weekday.allCases.filter { first <= $0 && $0 <= last }
    }

    private func day(_ text: Substring, at location: SourceLocation) throws(Diagnostic) -> Weekday {
        if let day = Weekday(abbreviation: text) { return day }
        let hint: String
        if let day = Weekday(abbreviation: text.prefix(3).lowercased()) {
            hint = " (did you mean '\(day.abbreviation)'?)"
        } else {
            hint = "; days are " + Weekday.abbreviations.joined(separator: ", ")
        }
        throw Diagnostic(.error, at: location, "unknown day '\(text)'\(hint)")
    }

    /// `09:00-13:00`: the run of touching words and colons starting at the current token.
    private mutating func parseInterval() throws(Diagnostic) -> IntervalSyntax {
        let first = stream.current
        guard first.word != nil || first.isSymbol(":") else {
            throw stream.error("expected a time like 09:00, found \(first.quoted)")
        }
        var text = ""
        var previous: Token?
        while stream.current.word != nil || stream.current.isSymbol(":") {
            if let previous, !touches(previous, stream.current) { break }
            text += stream.current.word ?? ":"
            previous = stream.current
            stream.advance()
        }
        let location = stream.location(of: first)
        guard let dash = text.firstIndex(of: "-") else {
            if (try? Self.time(text, at: location)) != nil {
                throw Diagnostic(.error, at: location, "expected an interval like 09:00-13:00, found '\(text)'")
            }
            throw Diagnostic(.error, at: location, "expected a time like 09:00, found '\(text)'")
        }
        let startText = String(text[..<dash]), endText = String(text[text.index(after: dash)...])
        let start = try Self.time(startText, at: location)
        guard start < Schedule.minutesPerDay else {
            throw Diagnostic(.error, at: location, "24:00 can only end an interval")
        }
        if endText.isEmpty {
            throw stream.error("expected a time like 09:00 right after '-', found \(stream.current.quoted)")
        }
        var end = try Self.time(endText, at: self.location(line: first.line, column: first.column + startText.count + 1))
        guard end != start else { throw Diagnostic(.error, at: location, "interval \(text) is empty") }
        if end == 0 { end = Schedule.minutesPerDay }
        return IntervalSyntax(start: start, end: end, location: location)
    }

    /// `09:00` → 540; `24:00` → 1440.
    private static func time(_ text: String, at location: SourceLocation) throws(Diagnostic) -> Int {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2, parts.allSatisfy(isDigits) else {
            throw Diagnostic(.error, at: location, "expected a time like 09:00, found '\(text)'")
        }
        let hours = Int(parts[0])!, minutes = Int(parts[1])!
        guard minutes < 60, hours < 24 || (hours == 24 && minutes == 0) else {
            throw Diagnostic(.error, at: location, "\(text) is not a time of day")
        }
        return hours * 60 + minutes
    }

    /// Whether `next` starts where `token` ends, on the same line.
    private func touches(_ token: Token, _ next: Token) -> Bool {
        let length: Int
        switch token.kind {
        case .word(let text): length = text.count
        case .symbol: length = 1
        case .string(let text): length = text.count + 2
        case .newline, .end: return false
        }
        return next.line == token.line && next.column == token.column + length
    }

    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: stream.file, line: line, column: column)
    }

    private static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy(\.isASCIIDigit)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

private extension TokenStream {
    /// The kind of the token `ahead` places after the current one (`.end` past the end).
    func peekKind(_ ahead: Int) -> Token.Kind {
        var copy = self
        for _ in 0..<ahead { copy.advance() }
        return copy.current.kind
    }
}
