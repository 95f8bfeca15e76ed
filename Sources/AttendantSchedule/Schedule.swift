import Foundation

/// A day of the week, Monday first (ISO 8601 order).
public enum Weekday: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// How the menu language writes it: `mon` … `sun`.
    public var abbreviation: String { Self.abbreviations[rawValue] }
    public var description: String { abbreviation }

    /// The day after this one (Sunday is followed by Monday).
    public var next: Weekday { Weekday(rawValue: (rawValue + 1) % 7)! }

    package init?(abbreviation: some StringProtocol) {
        guard let index = Self.abbreviations.firstIndex(where: { $0 == abbreviation }) else { return nil }
        self.init(rawValue: index)
    }

    package static let abbreviations = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// What a schedule says at an instant.
public enum ScheduleState: Equatable, Hashable, Sendable, CustomStringConvertible {
    case open
    case closed
    /// Closed all day for the holiday of this name.
    case holiday(String)

    public var isOpen: Bool { self == .open }

    public var description: String {
        switch self {
        case .open: "open"
        case .closed: "closed"
        case .holiday(let name): "holiday \(name)"
        }
    }
}

/// The console's "open now" or "closed now until 14:00": beats the schedule (holidays
/// included) until `until`, or for good when `until` is nil.
public struct ScheduleOverride: Equatable, Sendable {
    public enum State: Equatable, Sendable {
        case open
        case closed
    }

    public var state: State
    /// The first instant at which the schedule rules again; nil: until lifted.
    public var until: Date?

    public init(state: State, until: Date? = nil) {
        self.state = state
        self.until = until
    }

    /// Whether the override still decides at `instant` (it stops at `until`, exclusive).
    public func applies(at instant: Date) -> Bool {
        guard let until else { return true }
        return instant < until
    }

    var scheduleState: ScheduleState { state == .open ? .open : .closed }
}

/// A date on which a schedule is closed all day.
public enum HolidayDate: Hashable, Sendable, CustomStringConvertible {
    /// Every year on this month and day (02-29: in leap years only).
    case yearly(month: Int, day: Int)
    /// Once, on this date.
    case once(year: Int, month: Int, day: Int)

    public var description: String {
        switch self {
        case .yearly(let month, let day): "\(Self.twoDigits(month))-\(Self.twoDigits(day))"
        case .once(let year, let month, let day): "\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))"
        }
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

public struct Holiday: Hashable, Sendable {
    public var name: String
    public var date: HolidayDate

    public init(name: String, date: HolidayDate) {
        self.name = name
        self.date = date
    }
}

/// Opening hours: per weekday, intervals of local time in a time zone; holidays close
/// whole local days and win over the intervals.
///
/// Built once (from the menu language by `Schedule.build(from:)`, or directly), then
/// evaluated without parsing or allocating: `state(at:)` costs a time-zone offset
/// lookup, a little arithmetic and a short scan of one day's intervals.
public struct Schedule: Equatable, Sendable {
    /// Part of one local day, in minutes since local midnight: open from `start`
    /// (inclusive) to `end` (exclusive), `0 <= start < end <= 1440`.
    public struct Interval: Hashable, Sendable, CustomStringConvertible {
        public let start: Int
        public let end: Int

        public init(start: Int, end: Int) {
            precondition(0 <= start && start < end && end <= Schedule.minutesPerDay,
                         "an interval is part of one day: 0 <= start < end <= 1440")
            self.start = start
            self.end = end
        }

        public var description: String { "\(Schedule.clock(start))-\(Schedule.clock(end))" }
    }

    public static let minutesPerDay = 1440

    public let name: String
    public let timeZone: TimeZone
    /// In the order written; where two fall on one date the first one's name is used.
    public let holidays: [Holiday]
    /// Indexed by `Weekday.rawValue`: sorted, merged, non-touching intervals.
    private let week: [[Interval]]
    /// Month * 100 + day → index into `holidays`.
    private let yearly: [Int: Int]
    /// Year * 10000 + month * 100 + day → index into `holidays`.
    private let once: [Int: Int]

    /// `hours`: each weekday's intervals, in any order, overlapping or touching ones
    /// merged. An interval over midnight is two intervals, one on each day.
    public init(name: String, timeZone: TimeZone, hours: [Weekday: [Interval]], holidays: [Holiday] = []) {
        self.name = name
        self.timeZone = timeZone
        self.holidays = holidays
        week = Weekday.allCases.map { Self.merge(hours[$0] ?? []) }
        var yearly: [Int: Int] = [:]
        var once: [Int: Int] = [:]
        for (index, holiday) in holidays.enumerated() {
            switch holiday.date {
            case .yearly(let month, let day):
                if yearly[month * 100 + day] == nil { yearly[month * 100 + day] = index }
            case .once(let year, let month, let day):
                if once[year * 10000 + month * 100 + day] == nil { once[year * 10000 + month * 100 + day] = index }
            }
        }
        self.yearly = yearly
        self.once = once
    }

    /// The holidays' names, in the order written.
    public var holidayNames: [String] { holidays.map(\.name) }

    /// The weekday's own intervals (over-midnight parts of the day before included).
    public func intervals(on weekday: Weekday) -> [Interval] { week[weekday.rawValue] }

    // MARK: Evaluation

    /// The state at `instant`, in the schedule's zone (daylight saving time included).
    /// An override that still applies wins over everything else.
    ///
    /// Local time is the wall clock: in the hour a fall-back repeats, both 01:30s are
    /// 01:30; a wall time a spring-forward skips never happens.
    public func state(at instant: Date, override: ScheduleOverride? = nil) -> ScheduleState {
        if let override, override.applies(at: instant) { return override.scheduleState }
        let second = Self.wholeSeconds(instant)
        return localState(second + offset(at: second))
    }

    /// The first instant after `instant` at which `state(at:override:)` differs from
    /// its value at `instant` (`.closed` → `.holiday("x")` is a change). nil when it
    /// does not change within `searchDays` days (a schedule that is always closed), or
    /// when an override without `until` applies.
    public func nextChange(after instant: Date, override: ScheduleOverride? = nil) -> Date? {
        nextChange(after: instant, override: override) { $0 == $1 }
    }

    /// Like `nextChange`, but only opening and closing count: a holiday is closed, so
    /// on a Friday evening before a Monday holiday this is Tuesday's opening.
    public func nextOpeningChange(after instant: Date, override: ScheduleOverride? = nil) -> Date? {
        nextChange(after: instant, override: override) { $0.isOpen == $1.isOpen }
    }

    /// How far `nextChange` looks: four years and a week, so that every weekly
    /// interval and every yearly holiday (02-29 too, outside century years) is met.
    public static let searchDays = 4 * 366 + 7

    private func nextChange(after instant: Date, override: ScheduleOverride?,
                            same: (ScheduleState, ScheduleState) -> Bool) -> Date? {
        let current = state(at: instant, override: override)
        if let override, override.applies(at: instant) {
            guard let until = override.until else { return nil }
            if !same(state(at: until), current) { return until }
            return scheduleChange(after: Self.wholeSeconds(until), from: current, same: same).map(Self.date)
        }
        return scheduleChange(after: Self.wholeSeconds(instant), from: current, same: same).map(Self.date)
    }

    /// The first whole second after `start` whose state is not `same` as `initial`,
    /// given that `initial` holds at `start`. Works through stretches of constant UTC
    /// offset: inside one, local time runs evenly and can only change state at local
    /// midnights and interval ends; at the stretch's end, the jump of the clock can.
    private func scheduleChange(after start: Int, from initial: ScheduleState,
                                same: (ScheduleState, ScheduleState) -> Bool) -> Int? {
        let limit = start + Self.searchDays * Self.secondsPerDay
        var stretchStart = start
        while stretchStart < limit {
            let offset = self.offset(at: stretchStart)
            var stretchEnd = limit
            if let transition = timeZone.nextDaylightSavingTimeTransition(after: Self.date(stretchStart)) {
                stretchEnd = max(stretchStart + 1, min(limit, Self.wholeSeconds(transition)))
            }
            if let local = firstLocalChange(after: stretchStart + offset, before: stretchEnd + offset,
                                            from: initial, same: same) {
                return local - offset
            }
            if stretchEnd < limit, !same(localState(stretchEnd + self.offset(at: stretchEnd)), initial) {
                return stretchEnd
            }
            stretchStart = stretchEnd
        }
        return nil
    }

    /// The first local second in `(lower, upper)` that starts a stretch whose state is
    /// not `same` as `initial`: only midnights and interval boundaries can.
    private func firstLocalChange(after lower: Int, before upper: Int, from initial: ScheduleState,
                                  same: (ScheduleState, ScheduleState) -> Bool) -> Int? {
        guard lower < upper else { return nil }
        var day = Self.floorDivide(lower, Self.secondsPerDay)
        let lastDay = Self.floorDivide(upper - 1, Self.secondsPerDay)
        while day <= lastDay {
            let midnight = day * Self.secondsPerDay
            let holiday = holiday(onDay: day)
            let weekday = Self.weekday(ofDay: day)
            if midnight > lower, midnight < upper, !same(dayState(weekday, holiday, 0), initial) {
                return midnight
            }
            if holiday == nil {
                for interval in week[weekday] {
                    for edge in 0..<2 {
                        let minute = edge == 0 ? interval.start : interval.end
                        guard minute < Self.minutesPerDay else { continue }  // the next midnight
                        let boundary = midnight + minute * 60
                        if boundary > lower, boundary < upper,
                           !same(dayState(weekday, nil, minute * 60), initial) {
                            return boundary
                        }
                    }
                }
            }
            day += 1
        }
        return nil
    }

    /// The state at a local time, in seconds since 1970-01-01 00:00 local.
    private func localState(_ local: Int) -> ScheduleState {
        let day = Self.floorDivide(local, Self.secondsPerDay)
        return dayState(Self.weekday(ofDay: day), holiday(onDay: day), local - day * Self.secondsPerDay)
    }

    private func dayState(_ weekday: Int, _ holiday: Int?, _ secondOfDay: Int) -> ScheduleState {
        if let holiday { return .holiday(holidays[holiday].name) }
        for interval in week[weekday] where secondOfDay < interval.end * 60 {
            return secondOfDay >= interval.start * 60 ? .open : .closed
        }
        return .closed
    }

    /// The holiday (index) on a local day, counted from 1970-01-01.
    private func holiday(onDay day: Int) -> Int? {
        if holidays.isEmpty { return nil }
        let date = CivilDate(day: day)
        let yearlyIndex = yearly[date.month * 100 + date.day]
        guard let onceIndex = once[date.year * 10000 + date.month * 100 + date.day] else { return yearlyIndex }
        return min(onceIndex, yearlyIndex ?? onceIndex)
    }

    private func offset(at second: Int) -> Int {
        timeZone.secondsFromGMT(for: Self.date(second))
    }

    // MARK: Arithmetic

    static let secondsPerDay = 86_400
    /// 0001-01-01 and 9999-12-31 23:59:59 UTC: instants are clamped to these years.
    private static let earliestSecond = -62_135_596_800
    private static let latestSecond = 253_402_300_799

    static func wholeSeconds(_ date: Date) -> Int {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return seconds > 0 ? latestSecond : earliestSecond }
        return Int(min(max(seconds, Double(earliestSecond)), Double(latestSecond)))
    }

    static func date(_ second: Int) -> Date { Date(timeIntervalSince1970: Double(second)) }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// 1970-01-01 was a Thursday (3, counting Monday as 0).
    static func weekday(ofDay day: Int) -> Int {
        let weekday = (day + 3) % 7
        return weekday < 0 ? weekday + 7 : weekday
    }

    /// `09:00`, `24:00`.
    package static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }

    private static func merge(_ intervals: [Interval]) -> [Interval] {
        var merged: [Interval] = []
        for interval in intervals.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1] = Interval(start: last.start, end: max(last.end, interval.end))
            } else {
                merged.append(interval)
            }
        }
        return merged
    }
}

/// A proleptic Gregorian date from a count of days since 1970-01-01.
struct CivilDate: Equatable {
    var year: Int
    var month: Int
    var day: Int

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(day count: Int) {
        // Estimate the year from the mean Gregorian year, then correct by at most one.
        var year = 1970 + Int((Double(count) / 365.2425).rounded(.down))
        while Self.daysBefore(year: year + 1) <= count { year += 1 }
        while Self.daysBefore(year: year) > count { year -= 1 }
        var dayOfYear = count - Self.daysBefore(year: year)
        var month = 1
        while true {
            let length = Self.length(ofMonth: month, year: year)
            if dayOfYear < length { break }
            dayOfYear -= length
            month += 1
        }
        self.init(year: year, month: month, day: dayOfYear + 1)
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func length(ofMonth month: Int, year: Int?) -> Int {
        switch month {
        case 2: year.map { isLeap($0) ? 29 : 28 } ?? 29
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to `year`-01-01 (years from 1).
    static func daysBefore(year: Int) -> Int {
        func leapYears(through year: Int) -> Int { year / 4 - year / 100 + year / 400 }
        return 365 * (year - 1970) + leapYears(through: year - 1) - leapYears(through: 1969)
    }
}
