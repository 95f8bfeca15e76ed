import AttendantSyntax

/// The menu file as written, before names are resolved: what the parser produces
/// and the compiler checks.
struct MenuFileSyntax {
    var entry: Name?
    var menus: [MenuSyntax] = []
}

struct MenuSyntax {
    var name: Name
    var prompts: [Name] = []
    var waitMilliseconds: Int?
    var attempts: Int?
    var keys: [(key: DTMFKey, location: SourceLocation, action: ActionSyntax)] = []
    var onInvalid: ActionSyntax?
    var onTimeout: ActionSyntax?
    var onFailure: ActionSyntax?
}

struct ActionSyntax {
    enum Transfer {
        case goto(Name)
        case hangup
        case repeatMenu
        case back
    }

    var prompts: [Name] = []
    var transfer: Transfer?
}
