import AttendantSchedule
import Foundation
import Testing

/// Every 15 minutes of 2028 (a leap year), `state(at:)` against a reference written
/// here from the meaning of the schedule: local date and time from Foundation's
/// Calendar, then a table lookup. And `nextChange` against the same steps.
@Suite struct ReferenceTests {
    static func source(_ zone: String) -> String {
        """
        schedule reference {
            timezone "\(zone)"
            mon-fri 08:30-12:15, 13:00-17:45
            wed 19:00-23:00
            fri 22:00-02:00
            sat 10:10-13:50
            sun 01:30-03:30, 23:00-24:00
            holiday new-year 01-01
            holiday may-day 05-01
            holiday leap 02-29
            holiday xmas 12-25
            holiday boxing 12-26
            holiday once 2028-10-13
        }
        """
    }

    /// By Calendar's weekday (1 is Sunday): open from, open to, in minutes; to < from runs over midnight.
    static let hours: [Int: [(Int, Int)]] = [
        1: [(90, 210), (1380, 1440)],
        2: [(510, 735), (780, 1065)],
        3: [(510, 735), (780, 1065)],
        4: [(510, 735), (780, 1065), (1140, 1380)],
        5: [(510, 735), (780, 1065)],
        6: [(510, 735), (780, 1065), (1320, 120)],
        7: [(610, 830)],
    ]
    /// Month * 100 + day.
    static let yearly = [101: "new-year", 501: "may-day", 229: "leap", 1225: "xmas", 1226: "boxing"]

    static func reference(_ instant: Date, _ calendar: Calendar) -> ScheduleState {
        let local = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: instant)
        let monthDay = local.month! * 100 + local.day!
        if local.year! == 2028 && monthDay == 1013 { return .holiday("once") }
        if let name = yearly[monthDay] { return .holiday(name) }
        let minute = local.hour! * 60 + local.minute!
        for (from, to) in hours[local.weekday!]! {
            if from < to ? (from <= minute && minute < to) : from <= minute { return .open }
        }
        let yesterday = local.weekday! == 1 ? 7 : local.weekday! - 1
        for (from, to) in hours[yesterday]! where to < from && minute < to { return .open }
        return .closed
    }

    @Test(arguments: ["Europe/Berlin", "Australia/Adelaide", "America/New_York"])
    func everyQuarterHourOfAYear(zone: String) throws {
        let schedule = try schedule(Self.source(zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: zone))
        let start = utc("2027-12-31T00:00:00Z"), end = utc("2029-01-01T12:00:00Z")
        var mismatches: [String] = []
        var seen: [ScheduleState: Int] = [:]
        var instant = start
        var state = schedule.state(at: instant)
        while instant < end, mismatches.count < 10 {
            let expected = Self.reference(instant, calendar)
            if state != expected { mismatches.append("state at \(instant): \(state), expected \(expected)") }
            seen[expected, default: 0] += 1
            let next = instant.addingTimeInterval(15 * 60)
            let nextState = schedule.state(at: next)
            // nextChange is the first instant whose state differs: a change between two
            // steps lies between them; none after the next step means none between them.
            let change = schedule.nextChange(after: instant)
            if nextState != state {
                if let change, change > instant, change <= next {
                    if schedule.state(at: change) == state || schedule.state(at: change.addingTimeInterval(-1)) != state {
                        mismatches.append("nextChange after \(instant) is \(change), not where the state changes")
                    }
                } else {
                    mismatches.append("nextChange after \(instant) is \(String(describing: change)), the state changes before \(next)")
                }
            } else if let change, change <= next {
                mismatches.append("nextChange after \(instant) is \(change), but the state is the same at \(next)")
            } else if change == nil {
                mismatches.append("nextChange after \(instant) is nil")
            }
            let opening = schedule.nextOpeningChange(after: instant)
            if nextState.isOpen != state.isOpen {
                if opening.map({ $0 <= instant || $0 > next }) ?? true {
                    mismatches.append("nextOpeningChange after \(instant) is \(String(describing: opening))")
                }
            } else if let opening, opening <= next {
                mismatches.append("nextOpeningChange after \(instant) is \(opening), but \(next) is the same")
            }
            instant = next
            state = nextState
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        // The year exercised what it should: every holiday, and both open and closed.
        #expect(Set(seen.keys) == [.open, .closed, .holiday("new-year"), .holiday("may-day"), .holiday("leap"),
                                   .holiday("xmas"), .holiday("boxing"), .holiday("once")], "\(seen)")
    }
}
