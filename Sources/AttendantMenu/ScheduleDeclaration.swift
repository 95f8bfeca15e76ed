import AttendantSchedule
import AttendantSyntax

/// A `schedule NAME { ... }` of the program: the control side evaluates it once a
/// second and the engine's conditions read the result.
public struct ScheduleDeclaration: Sendable {
    public var name: String
    public var location: SourceLocation
    public var schedule: Schedule
}
