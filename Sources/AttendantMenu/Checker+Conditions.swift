import AttendantSchedule
import AttendantSyntax

/// Conditions: on the caller, a variable, the language or a schedule.
extension Checker {
    mutating func condition(_ syntax: ConditionSyntax) -> Condition? {
        let subject = syntax.subject
        let resolved: Condition?
        switch subject.text {
        case "caller":
            resolved = numberTest(syntax.test, subject: "the caller's number").map(Condition.caller)
        case "language":
            guard case .equals(let code, _) = syntax.test else {
                error(at: subject.location, "'language' is tested with 'is', as in 'language is ru'")
                return nil
            }
            resolved = language(code).map(Condition.language)
        default:
            if let schedule = scheduleIndex[subject.text] {
                resolved = scheduleCondition(schedule, syntax.test, subject: subject)
            } else if let variable = variables.firstIndex(of: subject.text) {
                resolved = numberTest(syntax.test, subject: "'\(subject.text)'").map { .variable(variable, $0) }
            } else {
                error(at: subject.location, "unknown variable or schedule '\(subject.text)'"
                      + Suggestion.hint(for: subject.text, among: variables + scheduleIndex.keys + ["caller", "language"]))
                return nil
            }
        }
        guard let resolved else { return nil }
        return syntax.negated ? .not(resolved) : resolved
    }

    mutating func scheduleCondition(_ schedule: ScheduleID, _ test: NumberTestSyntax, subject: Name) -> Condition? {
        guard case .equals(let state, let qualifier) = test else {
            error(at: subject.location, "a schedule is tested with 'is open', 'is closed' or 'is holiday [NAME]'")
            return nil
        }
        switch state.text {
        case "open": return .schedule(schedule, .open)
        case "closed": return .schedule(schedule, .closed)
        case "holiday":
            guard let qualifier else { return .schedule(schedule, .holiday(nil)) }
            let holidays = schedules[schedule].schedule.holidayNames
            guard holidays.contains(qualifier.text) else {
                error(at: qualifier.location, "schedule '\(subject.text)' has no holiday '\(qualifier.text)'"
                      + Suggestion.hint(for: qualifier.text, among: holidays))
                return nil
            }
            return .schedule(schedule, .holiday(qualifier.text))
        default:
            error(at: state.location, "a schedule is 'open', 'closed' or 'holiday', not '\(state.text)'"
                  + Suggestion.hint(for: state.text, among: ["open", "closed", "holiday"]))
            return nil
        }
    }

    mutating func numberTest(_ test: NumberTestSyntax, subject: String) -> NumberTest? {
        switch test {
        case .empty: return .empty
        case .equals(let value, _): return self.value(value).map(NumberTest.equals)
        case .startsWith(let prefix): return digits(prefix).map(NumberTest.startsWith)
        case .matches(let text, let location): return pattern(text, at: location).map(NumberTest.matches)
        case .inList(let name):
            guard let list = listIndex[name.text] else {
                error(at: name.location, "unknown list '\(name.text)'" + Suggestion.hint(for: name.text, among: listIndex.keys))
                return nil
            }
            return .inList(list)
        }
    }
}
