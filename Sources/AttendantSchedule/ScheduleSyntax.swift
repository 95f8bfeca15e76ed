import AttendantSyntax

/// A `schedule NAME { … }` block as written, with positions; what `ScheduleParser`
/// produces and `Schedule.build(from:)` checks. Broken lines are left out (the
/// parser reported them).
package struct ScheduleSyntax {
    package var name: Name
    /// The `timezone` line, also when its value was broken (then `identifier` is nil),
    /// so that a broken line is not reported again as a missing one.
    package var timeZone: TimeZoneSyntax?
    package var lines: [DayLineSyntax] = []
    package var holidays: [HolidaySyntax] = []
    /// False when the `{` was missing: nothing of the body was read.
    package var hasBody = true

    package init(name: Name) {
        self.name = name
    }
}

package struct TimeZoneSyntax {
    /// Where `timezone` is written.
    package var keyword: SourceLocation
    package var identifier: String?
    /// Where the quoted identifier is written.
    package var location: SourceLocation
}

/// `mon-fri 09:00-13:00, 14:00-18:00` or `sun closed`.
package struct DayLineSyntax {
    /// In week order, each once.
    package var days: [Weekday]
    /// Where the first day is written.
    package var location: SourceLocation
    package var hours: Hours

    package enum Hours {
        case closed
        case intervals([IntervalSyntax])
    }
}

/// `09:00-13:00`, `14:00-24:00`, `22:00-02:00` (over midnight), in minutes of the day.
package struct IntervalSyntax {
    /// 0..<1440.
    package var start: Int
    /// 1...1440 and after `start`, or before `start` when the interval runs over
    /// midnight into the next day (an end of 00:00 is written as 1440).
    package var end: Int
    /// Where the interval's start is written.
    package var location: SourceLocation

    package var overMidnight: Bool { end < start }

    package var text: String { "\(Schedule.clock(start))-\(Schedule.clock(end))" }
}

/// `holiday new-year 01-01`, `holiday company-day 2026-06-12`.
package struct HolidaySyntax {
    package var name: Name
    package var date: HolidayDate
    package var dateLocation: SourceLocation
}

/// What parsing a schedule's body gives: the syntax and the problems found on the way.
package struct ScheduleParse {
    package var syntax: ScheduleSyntax
    package var diagnostics: [Diagnostic]
}
