import AttendantSchedule
import Foundation
import Testing

/// Moscow is UTC+3 all year (no daylight saving since 2014): 09:30 MSK is 06:30Z.
/// In 2026, June 1 is a Monday; 2026-06-12 (company-day) a Friday; 2027-06-12 a Saturday.
@Suite struct ScheduleStateTests {
    let office: Schedule

    init() throws {
        office = try schedule(officeSource)
    }

    @Test func aWeekdayInsideAndOutsideItsIntervals() {
        // Wednesday 2026-06-10.
        #expect(office.state(at: utc("2026-06-10T05:59:59Z")) == .closed, "08:59:59")
        #expect(office.state(at: utc("2026-06-10T06:00:00Z")) == .open, "09:00, the start is inside")
        #expect(office.state(at: utc("2026-06-10T06:30:00Z")) == .open, "09:30")
        #expect(office.state(at: utc("2026-06-10T09:59:59Z")) == .open, "12:59:59")
        #expect(office.state(at: utc("2026-06-10T10:00:00Z")) == .closed, "13:00, lunch")
        #expect(office.state(at: utc("2026-06-10T10:30:00Z")) == .closed, "13:30, lunch")
        #expect(office.state(at: utc("2026-06-10T11:00:00Z")) == .open, "14:00")
        #expect(office.state(at: utc("2026-06-10T14:59:59Z")) == .open, "17:59:59")
        #expect(office.state(at: utc("2026-06-10T15:00:00Z")) == .closed, "18:00, the end is outside")
        #expect(office.state(at: utc("2026-06-10T20:30:00Z")) == .closed, "23:30")
        #expect(office.state(at: utc("2026-06-10T21:30:00Z")) == .closed, "Thursday 00:30")
    }

    @Test func weekendDays() {
        #expect(office.state(at: utc("2026-06-13T06:30:00Z")) == .closed, "Saturday 09:30")
        #expect(office.state(at: utc("2026-06-13T07:30:00Z")) == .open, "Saturday 10:30")
        #expect(office.state(at: utc("2026-06-13T11:00:00Z")) == .closed, "Saturday 14:00")
        #expect(office.state(at: utc("2026-06-14T09:00:00Z")) == .closed, "Sunday noon")
        // 03:00Z is already Monday 06:00 in Moscow; 20:59Z Sunday is Sunday 23:59.
        #expect(office.state(at: utc("2026-06-14T20:59:00Z")) == .closed)
        #expect(office.state(at: utc("2026-06-15T06:00:00Z")) == .open, "Monday 09:00")
    }

    @Test func anIntervalMayEndAt2400() throws {
        let late = try schedule("""
            schedule late {
                timezone "Europe/Moscow"
                fri 18:00-24:00
            }
            """)
        #expect(late.state(at: utc("2026-06-12T20:59:59Z")) == .open, "Friday 23:59:59")
        #expect(late.state(at: utc("2026-06-12T21:00:00Z")) == .closed, "Saturday 00:00")
        #expect(late.state(at: utc("2026-06-12T14:59:00Z")) == .closed, "Friday 17:59")
    }

    @Test func anIntervalOverMidnightRunsIntoTheNextDay() throws {
        let night = try schedule("""
            schedule night {
                timezone "Europe/Moscow"
                fri 22:00-02:00
                sun 23:00-01:00
                holiday boxing 12-26
            }
            """)
        // Friday 2026-06-05 / Saturday 06-06 / Sunday 06-07 / Monday 06-08.
        #expect(night.state(at: utc("2026-06-05T18:59:00Z")) == .closed, "Friday 21:59")
        #expect(night.state(at: utc("2026-06-05T19:00:00Z")) == .open, "Friday 22:00")
        #expect(night.state(at: utc("2026-06-05T22:00:00Z")) == .open, "Saturday 01:00")
        #expect(night.state(at: utc("2026-06-05T22:59:59Z")) == .open, "Saturday 01:59:59")
        #expect(night.state(at: utc("2026-06-05T23:00:00Z")) == .closed, "Saturday 02:00")
        #expect(night.state(at: utc("2026-06-04T22:00:00Z")) == .closed, "Friday 01:00: Thursday has no night")
        #expect(night.state(at: utc("2026-06-07T21:30:00Z")) == .open, "Monday 00:30, from Sunday over the week's end")
        #expect(night.state(at: utc("2026-06-07T22:00:00Z")) == .closed, "Monday 01:00")
        // 2026-12-25 is a Friday: its night runs into the boxing-day holiday, which closes the whole day.
        #expect(night.state(at: utc("2026-12-25T20:00:00Z")) == .open, "Friday 23:00")
        #expect(night.state(at: utc("2026-12-25T22:00:00Z")) == .holiday("boxing"), "Saturday 01:00 is boxing day")
    }

    @Test func holidaysCloseTheWholeDay() {
        // 2026-01-01 is a Thursday; 2027-03-08 a Monday.
        #expect(office.state(at: utc("2026-01-01T07:00:00Z")) == .holiday("new-year"), "Thursday 10:00")
        #expect(office.state(at: utc("2025-12-31T21:00:00Z")) == .holiday("new-year"), "00:00 local")
        #expect(office.state(at: utc("2026-01-01T20:59:59Z")) == .holiday("new-year"), "23:59:59 local")
        #expect(office.state(at: utc("2026-01-01T21:00:00Z")) == .closed, "Friday 00:00")
        #expect(office.state(at: utc("2026-01-02T07:00:00Z")) == .open, "Friday 10:00")
        #expect(office.state(at: utc("2027-03-08T07:00:00Z")) == .holiday("women"), "every year")
        #expect(office.state(at: utc("2026-06-12T07:00:00Z")) == .holiday("company-day"), "the once holiday")
        #expect(office.state(at: utc("2026-06-11T07:00:00Z")) == .open, "the day before")
        #expect(office.state(at: utc("2027-06-12T08:00:00Z")) == .open, "a year later it is a plain Saturday, 11:00")
    }

    @Test func theStateFollowsTheSchedulesZoneNotTheMachines() throws {
        let tokyo = try schedule("""
            schedule tokyo {
                timezone "Asia/Tokyo"
                mon-fri 09:00-18:00
            }
            """)
        // Wednesday 2026-06-10 09:30 JST is 00:30Z, still Tuesday 20:30 in New York.
        #expect(tokyo.state(at: utc("2026-06-10T00:30:00Z")) == .open)
        #expect(tokyo.state(at: utc("2026-06-09T23:30:00Z")) == .closed)
        // Saturday 2026-06-13 00:30Z is Saturday 09:30 in Tokyo, though Friday in the Americas.
        #expect(tokyo.state(at: utc("2026-06-13T00:30:00Z")) == .closed)
    }

    // MARK: Overrides

    @Test func closedUntilBeatsAnOpenIntervalThenTheScheduleRulesAgain() {
        let closedUntil11 = ScheduleOverride(state: .closed, until: utc("2026-06-10T08:00:00Z"))
        #expect(office.state(at: utc("2026-06-10T07:00:00Z")) == .open, "10:00 on its own")
        #expect(office.state(at: utc("2026-06-10T07:00:00Z"), override: closedUntil11) == .closed)
        #expect(office.state(at: utc("2026-06-10T07:59:59Z"), override: closedUntil11) == .closed)
        #expect(office.state(at: utc("2026-06-10T08:00:00Z"), override: closedUntil11) == .open, "11:00: over")
        #expect(office.state(at: utc("2026-06-10T10:30:00Z"), override: closedUntil11) == .closed, "lunch, as scheduled")
        #expect(office.state(at: utc("2026-06-10T11:30:00Z"), override: closedUntil11) == .open)
        #expect(closedUntil11.applies(at: utc("2026-06-10T07:59:59Z")))
        #expect(!closedUntil11.applies(at: utc("2026-06-10T08:00:00Z")))
    }

    @Test func openOverridesBeatClosedHoursAndHolidays() {
        let openForGood = ScheduleOverride(state: .open)
        #expect(office.state(at: utc("2026-01-01T07:00:00Z"), override: openForGood) == .open, "new-year")
        #expect(office.state(at: utc("2026-06-14T09:00:00Z"), override: openForGood) == .open, "Sunday")
        #expect(office.nextChange(after: utc("2026-06-14T09:00:00Z"), override: openForGood) == nil,
                "nothing changes until it is lifted")
        let closedForGood = ScheduleOverride(state: .closed)
        #expect(office.state(at: utc("2026-01-01T07:00:00Z"), override: closedForGood) == .closed, "not the holiday")
    }

    @Test func nextChangeWithAnOverride() {
        // Closed until 11:00 on a Wednesday: opens at 11:00, then lunch at 13:00.
        let closedUntil11 = ScheduleOverride(state: .closed, until: utc("2026-06-10T08:00:00Z"))
        #expect(office.nextChange(after: utc("2026-06-10T07:00:00Z"), override: closedUntil11) == utc("2026-06-10T08:00:00Z"))
        #expect(office.nextChange(after: utc("2026-06-10T08:00:00Z"), override: closedUntil11) == utc("2026-06-10T10:00:00Z"))
        // Closed until 13:30, in the lunch break: nothing happens at 13:30; it opens at 14:00.
        let closedUntilLunch = ScheduleOverride(state: .closed, until: utc("2026-06-10T10:30:00Z"))
        #expect(office.nextChange(after: utc("2026-06-10T07:00:00Z"), override: closedUntilLunch) == utc("2026-06-10T11:00:00Z"))
        // An override whose time has passed changes nothing.
        let stale = ScheduleOverride(state: .open, until: utc("2026-06-09T00:00:00Z"))
        #expect(office.state(at: utc("2026-06-10T10:30:00Z"), override: stale) == .closed)
        #expect(office.nextChange(after: utc("2026-06-10T10:30:00Z"), override: stale) == utc("2026-06-10T11:00:00Z"))
    }

    // MARK: nextChange

    @Test func fromAFridayEveningToMondaysOpening() throws {
        let weekdays = try schedule("""
            schedule weekdays {
                timezone "Europe/Moscow"
                mon-fri 09:00-18:00
            }
            """)
        // Friday 2026-06-05 19:00 MSK → Monday 06-08 09:00 MSK.
        #expect(weekdays.nextChange(after: utc("2026-06-05T16:00:00Z")) == utc("2026-06-08T06:00:00Z"))
        #expect(weekdays.nextChange(after: utc("2026-06-08T06:00:00Z")) == utc("2026-06-08T15:00:00Z"), "then 18:00")
        #expect(weekdays.nextChange(after: utc("2026-06-08T05:59:59Z")) == utc("2026-06-08T06:00:00Z"))
        #expect(weekdays.nextChange(after: Date(timeIntervalSince1970: utc("2026-06-08T06:00:00Z").timeIntervalSince1970 - 0.25))
                == utc("2026-06-08T06:00:00Z"), "a fraction of a second before")
        #expect(office.nextChange(after: utc("2026-06-05T16:00:00Z")) == utc("2026-06-06T07:00:00Z"),
                "the office opens on Saturday at 10:00")
        #expect(office.nextChange(after: utc("2026-06-10T06:30:00Z")) == utc("2026-06-10T10:00:00Z"), "lunch")
    }

    @Test func acrossAHoliday() throws {
        let s = try schedule("""
            schedule s {
                timezone "Europe/Moscow"
                mon-fri 09:00-18:00
                holiday bridge 2026-06-08
            }
            """)
        // Friday 19:00 → the Monday holiday begins at its midnight, ends at Tuesday's.
        let friday = utc("2026-06-05T16:00:00Z")
        #expect(s.nextChange(after: friday) == utc("2026-06-07T21:00:00Z"))
        #expect(s.state(at: utc("2026-06-07T21:00:00Z")) == .holiday("bridge"))
        #expect(s.nextChange(after: utc("2026-06-07T21:00:00Z")) == utc("2026-06-08T21:00:00Z"))
        #expect(s.nextChange(after: utc("2026-06-08T21:00:00Z")) == utc("2026-06-09T06:00:00Z"))
        // Counting only opening and closing, it is closed from Friday 18:00 to Tuesday 09:00.
        #expect(s.nextOpeningChange(after: friday) == utc("2026-06-09T06:00:00Z"))
        #expect(s.nextOpeningChange(after: utc("2026-06-05T14:00:00Z")) == utc("2026-06-05T15:00:00Z"))
        // New year's day 2026 is a Thursday, the office's holiday: closed from Wednesday 18:00 to Friday 09:00.
        #expect(office.nextOpeningChange(after: utc("2025-12-31T16:00:00Z")) == utc("2026-01-02T06:00:00Z"))
        #expect(office.nextChange(after: utc("2025-12-31T16:00:00Z")) == utc("2025-12-31T21:00:00Z"))
    }

    @Test func theSearchIsBounded() throws {
        let never = try schedule("""
            schedule never {
                timezone "Europe/Moscow"
                sun closed
            }
            """)
        #expect(never.nextChange(after: utc("2026-06-10T06:30:00Z")) == nil)
        #expect(never.state(at: utc("2026-06-10T06:30:00Z")) == .closed)
        let always = try schedule("""
            schedule always {
                timezone "America/New_York"
                mon-sun 00:00-24:00
            }
            """)
        #expect(always.nextChange(after: utc("2026-06-10T06:30:00Z")) == nil, "through daylight saving changes too")
        #expect(always.state(at: utc("2026-03-08T07:30:00Z")) == .open)
        let yearly = try schedule("""
            schedule yearly {
                timezone "America/New_York"
                mon-sun 00:00-24:00
                holiday independence 07-04
            }
            """)
        // From just after July 4th 2026, the next change is July 4th 2027, 00:00 EDT.
        #expect(yearly.nextChange(after: utc("2026-07-05T12:00:00Z")) == utc("2027-07-04T04:00:00Z"))
        let leap = try schedule("""
            schedule leap {
                timezone "UTC"
                holiday leap-day 02-29
            }
            """)
        #expect(leap.nextChange(after: utc("2026-06-10T00:00:00Z")) == utc("2028-02-29T00:00:00Z"), "yearly 02-29: leap years")
        #expect(leap.state(at: utc("2027-03-01T12:00:00Z")) == .closed)
        let far = try schedule("""
            schedule far {
                timezone "UTC"
                holiday someday 2040-01-01
            }
            """)
        #expect(far.nextChange(after: utc("2026-06-10T00:00:00Z")) == nil, "beyond the search")
        #expect(far.nextChange(after: utc("2038-06-10T00:00:00Z")) == utc("2040-01-01T00:00:00Z"))
    }

    @Test func extremeInstantsAreClampedNotTrapped() {
        // Both ends of Date's range, and beyond, fall on a January 1st in Moscow.
        #expect(office.state(at: .distantFuture) == .holiday("new-year"))
        #expect(office.state(at: .distantPast) == .holiday("new-year"))
        #expect(office.state(at: Date(timeIntervalSince1970: .infinity)) == .holiday("new-year"), "9999-12-31 23:59:59Z")
        #expect(office.state(at: Date(timeIntervalSince1970: -.infinity)) == .holiday("new-year"), "0001-01-01 00:00Z")
    }
}
