import AttendantSchedule
import AttendantSyntax
import Foundation
import Testing

/// What reading one `schedule NAME { … }` gives, as the menu parser would call it.
struct Compiled {
    var schedule: Schedule?
    /// The parser's and the check's, in source order (as the menu compiler prints them).
    var diagnostics: [Diagnostic]
    /// The token the stream was left on after the body.
    var next: Token
    var messages: [String] { diagnostics.map(\.description) }
}

/// Lexes `source`, steps over `schedule NAME` as the menu parser does, and hands the
/// stream to the schedule parser, then checks what it read.
func compile(_ source: String, file: String = "office.menu") -> Compiled {
    var lexer = Lexer(source: source, file: file)
    let (tokens, lexical) = lexer.tokenize()
    var stream = TokenStream(tokens: tokens, file: file)
    stream.skipNewlines()
    precondition(stream.current.isWord("schedule"), "test sources start with 'schedule NAME'")
    stream.advance()
    let name = try! stream.expectWord("a schedule name")
    let parse = ScheduleParser.parseBody(&stream, name: name)
    let (schedule, found) = Schedule.build(from: parse.syntax)
    let diagnostics = (lexical + parse.diagnostics + found).enumerated().sorted {
        ($0.element.location.line, $0.element.location.column, $0.offset)
            < ($1.element.location.line, $1.element.location.column, $1.offset)
    }.map(\.element)
    return Compiled(schedule: schedule, diagnostics: diagnostics, next: stream.current)
}

/// A schedule that must compile without any diagnostic.
func schedule(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Schedule {
    let compiled = compile(source)
    #expect(compiled.diagnostics.isEmpty, "\(compiled.messages)", sourceLocation: sourceLocation)
    return try #require(compiled.schedule, sourceLocation: sourceLocation)
}

/// `utc("2026-03-09T13:30:00Z")`: an instant written in UTC, independently of the code under test.
func utc(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { fatalError("bad test instant \(text)") }
    return date
}

/// The example of the brief and the language documentation.
let officeSource = """
    schedule office {
        timezone "Europe/Moscow"              // IANA zone; required
        mon-fri 09:00-13:00, 14:00-18:00      // several intervals a day
        sat 10:00-14:00
        sun closed                            // optional, documents intent
        holiday new-year 01-01                // every year on that date
        holiday women 03-08
        holiday company-day 2026-06-12        // once
    }
    """
