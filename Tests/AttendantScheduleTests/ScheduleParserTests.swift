import AttendantSchedule
import AttendantSyntax
import Foundation
import Testing

@Suite struct ScheduleParserTests {
    @Test func theExampleReadsAsWritten() throws {
        let office = try schedule(officeSource)
        #expect(office.name == "office")
        #expect(office.timeZone.identifier == "Europe/Moscow")
        let weekday = [Schedule.Interval(start: 540, end: 780), Schedule.Interval(start: 840, end: 1080)]
        for day in [Weekday.monday, .tuesday, .wednesday, .thursday, .friday] {
            #expect(office.intervals(on: day) == weekday, "\(day)")
        }
        #expect(office.intervals(on: .saturday) == [Schedule.Interval(start: 600, end: 840)])
        #expect(office.intervals(on: .sunday) == [])
        #expect(office.holidays == [
            Holiday(name: "new-year", date: .yearly(month: 1, day: 1)),
            Holiday(name: "women", date: .yearly(month: 3, day: 8)),
            Holiday(name: "company-day", date: .once(year: 2026, month: 6, day: 12)),
        ])
        #expect(office.holidayNames == ["new-year", "women", "company-day"])
    }

    @Test func theBodyIsConsumedThroughItsBrace() {
        let compiled = compile(officeSource + " \nmenu main {")
        #expect(compiled.diagnostics.isEmpty, "\(compiled.messages)")
        #expect(compiled.next.kind == .newline && compiled.next.line == 9, "left on the end of the '}' line")
        let oneLine = compile("schedule s { timezone \"UTC\" } entry main")
        #expect(oneLine.diagnostics.isEmpty, "\(oneLine.messages)")
        #expect(oneLine.next.isWord("entry"))
    }

    @Test func dayListsRangesAndOverMidnight() throws {
        let s = try schedule("""
            schedule shifts {
                timezone "UTC"
                mon,wed-thu, sat 08:00-09:00
                fri 22:00-02:00
                sun 23:00-24:00, 00:00-01:00
                tue 20:00-00:00
            }
            """)
        let eight = Schedule.Interval(start: 480, end: 540)
        #expect(s.intervals(on: .monday) == [eight])
        #expect(s.intervals(on: .tuesday) == [Schedule.Interval(start: 1200, end: 1440)], "00:00 as an end is midnight")
        #expect(s.intervals(on: .wednesday) == [eight])
        #expect(s.intervals(on: .thursday) == [eight])
        #expect(s.intervals(on: .friday) == [Schedule.Interval(start: 1320, end: 1440)])
        #expect(s.intervals(on: .saturday) == [Schedule.Interval(start: 0, end: 120), eight],
                "Friday's night runs into Saturday")
        #expect(s.intervals(on: .sunday) == [Schedule.Interval(start: 0, end: 60), Schedule.Interval(start: 1380, end: 1440)])
    }

    @Test func laterLinesAddIntervals() throws {
        let s = try schedule("""
            schedule s {
                timezone "UTC"
                mon-fri 09:00-12:00
                mon 15:00-16:00
                mon 12:00-13:00
            }
            """)
        #expect(s.intervals(on: .monday) == [Schedule.Interval(start: 540, end: 780), Schedule.Interval(start: 900, end: 960)],
                "touching intervals join")
        #expect(s.intervals(on: .tuesday) == [Schedule.Interval(start: 540, end: 720)])
    }

    /// Each broken schedule and exactly what is reported, with line and column.
    static let mistakes: [(source: String, expected: [String])] = [
        ("""
         schedule office {
             timezone "Europe/Moscow"
             sat 9am-2pm
         }
         """, ["office.menu:3:9: error: expected a time like 09:00, found '9am'"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             mon 09:00-5pm
         }
         """, ["office.menu:3:15: error: expected a time like 09:00, found '5pm'"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             mon 9:00-13:00, 14:00-18:0
         }
         """, ["office.menu:3:27: error: expected a time like 09:00, found '18:0'"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             mon-fri 25:00-26:00
             tue 09:00-24:30
             wed 09:60-10:00
         }
         """, ["office.menu:3:13: error: 25:00 is not a time of day",
               "office.menu:4:15: error: 24:30 is not a time of day",
               "office.menu:5:9: error: 09:60 is not a time of day"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             thu-mon 09:00-18:00
         }
         """, ["office.menu:3:5: error: day 'thu-mon' runs backwards"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             mon, sat-frii 09:00-18:00
             monday 09:00-18:00
             xyz closed
             mon, 09:00-10:00
         }
         """, ["office.menu:3:14: error: unknown day 'frii' (did you mean 'fri'?)",
               "office.menu:4:5: error: unknown day 'monday' (did you mean 'mon'?)",
               "office.menu:5:5: error: unknown day 'xyz'; days are mon, tue, wed, thu, fri, sat, sun",
               "office.menu:6:10: error: expected a day like 'mon' or a range like 'mon-fri' after ',', found '09'"]),
        ("""
         schedule office {
             timezone "Europe/Mosow"
         }
         """, ["office.menu:2:14: error: unknown time zone 'Europe/Mosow' (did you mean 'Europe/Moscow'?)"]),
        ("""
         schedule office {
             timezone "new york"
         }
         """, ["office.menu:2:14: error: unknown time zone 'new york' (did you mean 'America/New_York'?)"]),
        ("""
         schedule office {
             timezone "Nowhere/Atlantis"
         }
         """, ["office.menu:2:14: error: unknown time zone 'Nowhere/Atlantis'"]),
        ("""
         schedule office {
             mon-fri 09:00-18:00
         }
         """, ["office.menu:1:10: error: schedule 'office' needs a 'timezone'"]),
        ("""
         schedule office {
             timezone Europe/Moscow
         }
         """, ["office.menu:2:14: error: expected a time zone name in quotes, found 'Europe/Moscow'"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             timezone "Europe/Berlin"
         }
         """, ["office.menu:3:5: error: a second 'timezone' (the first is at 2:5)"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             holiday women 03-08
             holiday women 03-09
         }
         """, ["office.menu:4:13: error: duplicate holiday 'women' (first defined at 3:13)"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             holiday xmas 12-25
             holiday noel 12-25
             holiday once 2026-12-25
         }
         """, ["office.menu:4:18: warning: holiday 'noel' falls on the same day as 'xmas' (at 3:13), whose name is used",
               "office.menu:5:18: warning: holiday 'once' falls on the same day as 'xmas' (at 3:13), whose name is used"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             holiday xmas 12-32
             holiday leap 2026-02-29
             holiday other 25.12
             holiday 01-01
             holiday
         }
         """, ["office.menu:3:18: error: 12-32 is not a date",
               "office.menu:4:18: error: 2026-02-29 is not a date",
               "office.menu:5:19: error: expected a date like 12-25 or 2026-12-25, found '25.12'",
               "office.menu:6:13: error: a holiday needs a name before its date, like 'holiday new-year 01-01'",
               "office.menu:7:12: error: expected a holiday name, found end of line"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             mon-fri 09:00-15:00
             mon,wed 14:00-18:00
         }
         """, ["office.menu:4:13: warning: 14:00-18:00 overlaps 09:00-15:00 (at 3:13) on mon,wed; they are merged"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             fri 22:00-02:00
             sat 01:00-05:00, 04:00-06:00
         }
         """, ["office.menu:4:9: warning: 01:00-05:00 overlaps 22:00-02:00 (at 3:9) on sat; they are merged",
               "office.menu:4:22: warning: 04:00-06:00 overlaps 01:00-05:00 (at 4:9) on sat; they are merged"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             mon 09:00
             tue 09:00-
             wed 24:00-02:00
             thu 09:00-09:00
             fri
             sat 09:00 - 10:00
         }
         """, ["office.menu:3:9: error: expected an interval like 09:00-13:00, found '09:00'",
               "office.menu:4:15: error: expected a time like 09:00 right after '-', found end of line",
               "office.menu:5:9: error: 24:00 can only end an interval",
               "office.menu:6:9: error: interval 09:00-09:00 is empty",
               "office.menu:7:8: error: expected hours like 09:00-18:00 or 'closed' after the days, found end of line",
               "office.menu:8:9: error: expected an interval like 09:00-13:00, found '09:00'"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             hours mon 09:00-10:00
             mon 09:00-10:00 11:00-12:00
             sun closed today
         }
         """, ["office.menu:3:5: error: expected 'timezone', 'holiday' or days like 'mon-fri' in schedule 'office', found 'hours'",
               "office.menu:4:21: error: unexpected '11' at the end of the statement",
               "office.menu:5:16: error: unexpected 'today' at the end of the statement"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             sun 10:00-12:00
             sat-sun closed
             mon closed
             mon-tue 10:00-12:00
         }
         """, ["office.menu:4:5: error: 'sun' has hours at 3:5, so it cannot be closed",
               "office.menu:6:5: error: 'mon' is closed at 5:5, so it cannot have hours"]),
        ("""
         schedule office {
             timezone "Europe/Moscow"
             mon 09:00-10:00
         """, ["office.menu:1:10: error: schedule 'office' has no closing '}'"]),
        ("""
         schedule office
             timezone "Europe/Moscow"
         }
         """, ["office.menu:1:16: error: expected '{' after the schedule name 'office', found end of line"]),
        // Every independent mistake once; the lines between them still count.
        ("""
         schedule office {
             timezone "Europe/Mosow"
             mon-fri 9-18
             sat 10:00-14:00
             sun 10:00-14:00x
             holiday new-year 01-01
             holiday new-year 01-02
         }
         """, ["office.menu:2:14: error: unknown time zone 'Europe/Mosow' (did you mean 'Europe/Moscow'?)",
               "office.menu:3:13: error: expected a time like 09:00, found '9'",
               "office.menu:5:15: error: expected a time like 09:00, found '14:00x'",
               "office.menu:7:13: error: duplicate holiday 'new-year' (first defined at 6:13)"]),
    ]

    @Test(arguments: 0..<mistakes.count) func mistakesAreReportedWhereTheyAre(_ index: Int) {
        let (source, expected) = Self.mistakes[index]
        #expect(compile(source).messages == expected)
    }

    @Test func aScheduleWithMistakesStillNamesItsHolidays() throws {
        let compiled = compile("""
            schedule office {
                timezone "Europe/Mosow"
                mon-fri 09:00-18:00
                holiday new-year 01-01
            }
            """)
        #expect(compiled.diagnostics.count == 1)
        let office = try #require(compiled.schedule, "kept, so that references to it are not reported again")
        #expect(office.holidayNames == ["new-year"])
        #expect(office.intervals(on: .monday) == [Schedule.Interval(start: 540, end: 1080)])
    }
}
