import AttendantSyntax
import Foundation

extension Schedule {
    /// Checks a parsed schedule and builds it. `diagnostics` are what the check finds
    /// (the parser's own are reported by the parser): an unknown or missing time zone,
    /// a day both closed and with hours, duplicate holidays (errors); overlapping
    /// intervals, which are merged, and two holidays on one day (warnings).
    ///
    /// The schedule comes back even when there are errors, so that the rest of a file
    /// can still be checked against its name and holidays without a second report of
    /// the same mistake (a missing or unknown zone is stood in for by UTC, a rejected
    /// line is left out). Run it only when no diagnostic is an error. It is nil only
    /// when the body was never read (no `{`).
    package static func build(from syntax: ScheduleSyntax) -> (schedule: Schedule?, diagnostics: [Diagnostic]) {
        var checker = ScheduleChecker()
        let schedule = checker.check(syntax)
        let diagnostics = checker.diagnostics.enumerated().sorted {
            ($0.element.location.line, $0.element.location.column, $0.offset)
                < ($1.element.location.line, $1.element.location.column, $1.offset)
        }.map(\.element)
        return (schedule, diagnostics)
    }
}

private struct ScheduleChecker {
    var diagnostics: [Diagnostic] = []

    /// One day's share of an interval as written: an over-midnight interval has two.
    private struct Piece {
        var start: Int
        var end: Int
        /// Which interval of the file (counting in order) it comes from.
        var source: Int
    }

    mutating func check(_ syntax: ScheduleSyntax) -> Schedule? {
        guard syntax.hasBody else { return nil }
        let zone = checkTimeZone(syntax)
        let hours = checkHours(syntax.lines)
        let holidays = checkHolidays(syntax.holidays)
        var week: [Weekday: [Schedule.Interval]] = [:]
        for day in Weekday.allCases {
            week[day] = hours[day.rawValue].map { Schedule.Interval(start: $0.start, end: $0.end) }
        }
        return Schedule(name: syntax.name.text, timeZone: zone ?? TimeZone(identifier: "UTC")!, hours: week,
                        holidays: holidays)
    }

    // MARK: time zone

    private mutating func checkTimeZone(_ syntax: ScheduleSyntax) -> TimeZone? {
        guard let line = syntax.timeZone else {
            error(at: syntax.name.location, "schedule '\(syntax.name.text)' needs a 'timezone'")
            return nil
        }
        guard let identifier = line.identifier else { return nil }  // reported by the parser
        if let zone = TimeZone(identifier: identifier) { return zone }
        let hint = TimeZoneNames.closest(to: identifier).map { " (did you mean '\($0)'?)" } ?? ""
        error(at: line.location, "unknown time zone '\(identifier)'\(hint)")
        return nil
    }

    // MARK: hours

    /// Each weekday's pieces of the intervals written.
    private mutating func checkHours(_ lines: [DayLineSyntax]) -> [[Piece]] {
        var closedAt: [Weekday: SourceLocation] = [:]
        var hoursAt: [Weekday: SourceLocation] = [:]
        var pieces = [[Piece]](repeating: [], count: 7)
        var intervals: [IntervalSyntax] = []
        for line in lines {
            switch line.hours {
            case .closed:
                if let day = line.days.first(where: { hoursAt[$0] != nil }) {
                    error(at: line.location, "'\(day)' has hours at \(Self.place(hoursAt[day]!)), so it cannot be closed")
                    continue
                }
                for day in line.days where closedAt[day] == nil { closedAt[day] = line.location }
            case .intervals(let written):
                if let day = line.days.first(where: { closedAt[$0] != nil }) {
                    error(at: line.location, "'\(day)' is closed at \(Self.place(closedAt[day]!)), so it cannot have hours")
                    continue
                }
                for day in line.days where hoursAt[day] == nil { hoursAt[day] = line.location }
                for interval in written {
                    let source = intervals.count
                    intervals.append(interval)
                    for day in line.days {
                        if interval.overMidnight {
                            pieces[day.rawValue].append(Piece(start: interval.start, end: Schedule.minutesPerDay, source: source))
                            if interval.end > 0 {
                                pieces[day.next.rawValue].append(Piece(start: 0, end: interval.end, source: source))
                            }
                        } else {
                            pieces[day.rawValue].append(Piece(start: interval.start, end: interval.end, source: source))
                        }
                    }
                }
            }
        }
        reportOverlaps(pieces, intervals)
        return pieces
    }

    /// One warning per interval that overlaps an earlier one, naming the first such
    /// earlier interval and the days on which the two overlap.
    private mutating func reportOverlaps(_ pieces: [[Piece]], _ intervals: [IntervalSyntax]) {
        // later interval → (earlier interval, days)
        var found: [Int: (earlier: Int, days: Set<Weekday>)] = [:]
        for day in Weekday.allCases {
            let onDay = pieces[day.rawValue]
            for later in onDay {
                let earlier = onDay
                    .filter { $0.source < later.source && $0.start < later.end && later.start < $0.end }
                    .map(\.source).min()
                guard let earlier else { continue }
                if let previous = found[later.source], previous.earlier < earlier { continue }
                if let previous = found[later.source], previous.earlier == earlier {
                    found[later.source]!.days.insert(day)
                } else {
                    found[later.source] = (earlier, [day])
                }
            }
        }
        for (later, overlap) in found {
            let first = intervals[overlap.earlier]
            warning(at: intervals[later].location,
                    "\(intervals[later].text) overlaps \(first.text) (at \(Self.place(first.location))) on \(Self.spell(overlap.days)); they are merged")
        }
    }

    // MARK: holidays

    private mutating func checkHolidays(_ written: [HolidaySyntax]) -> [Holiday] {
        var holidays: [Holiday] = []
        var names: [String: SourceLocation] = [:]
        var kept: [HolidaySyntax] = []
        for holiday in written {
            if let first = names[holiday.name.text] {
                error(at: holiday.name.location,
                      "duplicate holiday '\(holiday.name.text)' (first defined at \(Self.place(first)))")
                continue
            }
            names[holiday.name.text] = holiday.name.location
            if let other = kept.first(where: { Self.sameDay($0.date, holiday.date) }) {
                warning(at: holiday.dateLocation,
                        "holiday '\(holiday.name.text)' falls on the same day as '\(other.name.text)' (at \(Self.place(other.name.location))), whose name is used")
            }
            kept.append(holiday)
            holidays.append(Holiday(name: holiday.name.text, date: holiday.date))
        }
        return holidays
    }

    /// Whether two holiday dates can close the same day.
    private static func sameDay(_ a: HolidayDate, _ b: HolidayDate) -> Bool {
        switch (a, b) {
        case (.yearly(let m1, let d1), .yearly(let m2, let d2)),
             (.yearly(let m1, let d1), .once(_, let m2, let d2)),
             (.once(_, let m1, let d1), .yearly(let m2, let d2)):
            return m1 == m2 && d1 == d2
        case (.once(let y1, let m1, let d1), .once(let y2, let m2, let d2)):
            return y1 == y2 && m1 == m2 && d1 == d2
        }
    }

    // MARK: helpers

    private mutating func error(at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location, message))
    }

    private mutating func warning(at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.warning, at: location, message))
    }

    private static func place(_ location: SourceLocation) -> String { "\(location.line):\(location.column)" }

    /// `mon-fri`, `mon,wed`, `sat-sun`: the days as the language writes them.
    static func spell(_ days: Set<Weekday>) -> String {
        var parts: [String] = []
        var run: [Weekday] = []
        func flush() {
            guard let first = run.first, let last = run.last else { return }
            parts.append(first == last ? first.abbreviation : "\(first.abbreviation)-\(last.abbreviation)")
            run = []
        }
        for day in days.sorted() {
            if let last = run.last, last.rawValue + 1 != day.rawValue { flush() }
            run.append(day)
        }
        flush()
        return parts.joined(separator: ",")
    }
}

/// Suggestions for misspelt time zone names.
enum TimeZoneNames {
    /// The known identifier closest to `text`: by the whole name, ignoring case and
    /// writing spaces as `_`, or, for a name without `/`, by its city.
    static func closest(to text: String) -> String? {
        let wanted = normalize(text)
        let limit = max(1, wanted.count / 3)
        var best: (identifier: String, distance: Int)?
        for identifier in TimeZone.knownTimeZoneIdentifiers {
            var distance = editDistance(wanted, normalize(identifier), limit: limit)
            if !wanted.contains("/"), let city = identifier.split(separator: "/").last {
                distance = min(distance, editDistance(wanted, normalize(String(city)), limit: limit))
            }
            if distance <= limit, distance < (best?.distance ?? .max) { best = (identifier, distance) }
        }
        return best?.identifier
    }

    private static func normalize(_ text: String) -> [Character] {
        Array(text.lowercased().map { $0 == " " ? "_" : $0 })
    }

    /// Levenshtein distance, or `limit + 1` once it is sure to exceed `limit`.
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
