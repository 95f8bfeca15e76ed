@testable import AttendantEngine
import Foundation
import Testing

/// `say date` names the weekday the engine works out without allocating; it must be the
/// one the Gregorian calendar gives, every day of two years (a leap year among them).
@Test func theEnginesWeekdayIsTheCalendars() {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    var date = calendar.date(from: DateComponents(year: 2027, month: 1, day: 1))!
    for _ in 0..<(365 + 366) {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        let expected = parts.weekday! - 1  // Calendar: 1 = Sunday
        #expect(MediaEngine.weekday(year: parts.year!, month: parts.month!, day: parts.day!) == expected, "\(parts)")
        date = calendar.date(byAdding: .day, value: 1, to: date)!
    }
}
