import AttendantSchedule
import Foundation
import Testing

/// 2026 changes: New York 03-08 02:00 EST → 03:00 EDT (07:00Z) and 11-01 02:00 EDT →
/// 01:00 EST (06:00Z); Berlin 03-29 02:00 CET → 03:00 CEST (01:00Z) and 10-25
/// 03:00 CEST → 02:00 CET (01:00Z). Every instant below is worked out by hand in UTC.
@Suite struct DaylightSavingTests {
    /// An office open 09:00-17:00 local every day, in `zone`.
    static func office(_ zone: String) throws -> Schedule {
        try schedule("""
            schedule office {
                timezone "\(zone)"
                mon-sun 09:00-17:00
            }
            """)
    }

    /// (day, 09:30 local in UTC, 08:30 local in UTC)
    static let newYork: [(String, String, String)] = [
        ("Sat 03-07, EST", "2026-03-07T14:30:00Z", "2026-03-07T13:30:00Z"),
        ("Sun 03-08, EDT from 02:00", "2026-03-08T13:30:00Z", "2026-03-08T12:30:00Z"),
        ("Mon 03-09, EDT", "2026-03-09T13:30:00Z", "2026-03-09T12:30:00Z"),
        ("Sat 10-31, EDT", "2026-10-31T13:30:00Z", "2026-10-31T12:30:00Z"),
        ("Sun 11-01, EST from 02:00", "2026-11-01T14:30:00Z", "2026-11-01T13:30:00Z"),
        ("Mon 11-02, EST", "2026-11-02T14:30:00Z", "2026-11-02T13:30:00Z"),
    ]

    static let berlin: [(String, String, String)] = [
        ("Sat 03-28, CET", "2026-03-28T08:30:00Z", "2026-03-28T07:30:00Z"),
        ("Sun 03-29, CEST from 02:00", "2026-03-29T07:30:00Z", "2026-03-29T06:30:00Z"),
        ("Mon 03-30, CEST", "2026-03-30T07:30:00Z", "2026-03-30T06:30:00Z"),
        ("Sat 10-24, CEST", "2026-10-24T07:30:00Z", "2026-10-24T06:30:00Z"),
        ("Sun 10-25, CET from 03:00", "2026-10-25T08:30:00Z", "2026-10-25T07:30:00Z"),
        ("Mon 10-26, CET", "2026-10-26T08:30:00Z", "2026-10-26T07:30:00Z"),
    ]

    @Test func anOfficeOpensAtNineLocalAroundEveryChange() throws {
        for (zone, days) in [("America/New_York", Self.newYork), ("Europe/Berlin", Self.berlin)] {
            let office = try Self.office(zone)
            for (day, nineThirty, eightThirty) in days {
                #expect(office.state(at: utc(nineThirty)) == .open, "\(zone) \(day) 09:30")
                #expect(office.state(at: utc(eightThirty)) == .closed, "\(zone) \(day) 08:30")
            }
        }
    }

    @Test func closingTimeAndNextChangeAcrossTheChange() throws {
        let newYork = try Self.office("America/New_York")
        #expect(newYork.state(at: utc("2026-03-07T21:59:00Z")) == .open, "Sat 16:59 EST")
        #expect(newYork.state(at: utc("2026-03-07T22:00:00Z")) == .closed, "Sat 17:00 EST")
        // Saturday 17:00 EST → Sunday 09:00 EDT: 23 hours later, not 24.
        #expect(newYork.nextChange(after: utc("2026-03-07T22:00:00Z")) == utc("2026-03-08T13:00:00Z"))
        // Saturday 17:00 EDT → Sunday 09:00 EST: 25 hours.
        #expect(newYork.nextChange(after: utc("2026-10-31T21:00:00Z")) == utc("2026-11-01T14:00:00Z"))
        let berlin = try Self.office("Europe/Berlin")
        #expect(berlin.nextChange(after: utc("2026-03-28T16:00:00Z")) == utc("2026-03-29T07:00:00Z"))
        #expect(berlin.nextChange(after: utc("2026-10-24T15:00:00Z")) == utc("2026-10-25T08:00:00Z"))
        #expect(berlin.nextChange(after: utc("2026-10-25T08:00:00Z")) == utc("2026-10-25T16:00:00Z"), "17:00 CET")
    }

    @Test func anIntervalOnTheFallBackDayCoversTheRepeatedHour() throws {
        let newYork = try schedule("""
            schedule night {
                timezone "America/New_York"
                sun 01:00-03:00
            }
            """)
        // Sunday 2026-11-01: 01:00-02:00 EDT, then 01:00-02:00 EST again, then 02:00-03:00 EST.
        #expect(newYork.state(at: utc("2026-11-01T04:30:00Z")) == .closed, "00:30 EDT")
        #expect(newYork.state(at: utc("2026-11-01T05:00:00Z")) == .open, "01:00 EDT")
        #expect(newYork.state(at: utc("2026-11-01T05:30:00Z")) == .open, "01:30 EDT")
        #expect(newYork.state(at: utc("2026-11-01T06:30:00Z")) == .open, "01:30 EST, the repeat")
        #expect(newYork.state(at: utc("2026-11-01T07:30:00Z")) == .open, "02:30 EST")
        #expect(newYork.state(at: utc("2026-11-01T08:00:00Z")) == .closed, "03:00 EST")
        #expect(newYork.nextChange(after: utc("2026-11-01T04:30:00Z")) == utc("2026-11-01T05:00:00Z"))
        #expect(newYork.nextChange(after: utc("2026-11-01T05:30:00Z")) == utc("2026-11-01T08:00:00Z"),
                "three hours open: the clock going back is no change")

        let berlin = try schedule("""
            schedule night {
                timezone "Europe/Berlin"
                sun 01:00-03:00
            }
            """)
        // Sunday 2026-10-25: 02:00-03:00 is lived twice, CEST (00:00Z) then CET (01:00Z).
        #expect(berlin.state(at: utc("2026-10-24T22:30:00Z")) == .closed, "00:30 CEST")
        #expect(berlin.state(at: utc("2026-10-24T23:30:00Z")) == .open, "01:30 CEST")
        #expect(berlin.state(at: utc("2026-10-25T00:30:00Z")) == .open, "02:30 CEST")
        #expect(berlin.state(at: utc("2026-10-25T01:30:00Z")) == .open, "02:30 CET, the repeat")
        #expect(berlin.state(at: utc("2026-10-25T02:00:00Z")) == .closed, "03:00 CET")
        #expect(berlin.nextChange(after: utc("2026-10-24T23:30:00Z")) == utc("2026-10-25T02:00:00Z"))
    }

    @Test func theSpringForwardGapIsSkipped() throws {
        let newYork = try schedule("""
            schedule night {
                timezone "America/New_York"
                sun 01:00-03:00
                sat 02:15-02:45
            }
            """)
        // Sunday 2026-03-08: 01:00 EST (06:00Z) opens; at 07:00Z the clock reads 03:00 EDT: closed.
        #expect(newYork.state(at: utc("2026-03-08T06:59:59Z")) == .open, "01:59:59 EST")
        #expect(newYork.state(at: utc("2026-03-08T07:00:00Z")) == .closed, "03:00 EDT")
        #expect(newYork.nextChange(after: utc("2026-03-08T06:30:00Z")) == utc("2026-03-08T07:00:00Z"))
        // Saturday 03-07 closes at 02:45 EST (07:45Z); next comes Sunday's 01:00 EST.
        #expect(newYork.nextChange(after: utc("2026-03-07T07:45:00Z")) == utc("2026-03-08T06:00:00Z"),
                "Sunday 01:00 EST")
        let gapOnly = try schedule("""
            schedule gap {
                timezone "America/New_York"
                sun 02:15-02:45
            }
            """)
        #expect(gapOnly.nextChange(after: utc("2026-03-08T05:00:00Z")) == utc("2026-03-15T06:15:00Z"),
                "the wall time of the gap is skipped to the next Sunday, 02:15 EDT")
    }
}
