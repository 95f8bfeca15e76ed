import AttendantSchedule
import AttendantSyntax

/// The menu files as written, before names are resolved: what the parser produces
/// and the compiler checks. Included files add to the same value.
struct MenuFileSyntax {
    var entry: Name?
    /// Whether an `entry` statement was written, even one without a name.
    var hasEntryStatement = false
    var menus: [MenuSyntax] = []
    var languages: [Name] = []
    var languagesLocation: SourceLocation?
    var lists: [ListSyntax] = []
    var schedules: [ScheduleSyntax] = []
    var rules: [RuleSyntax] = []
    var queues: [QueueSyntax] = []
    var agents: [AgentSyntax] = []
    var mailboxes: [MailboxSyntax] = []
    var includes: [(path: String, location: SourceLocation)] = []
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
    var onCollected: (location: SourceLocation, action: ActionSyntax)?
    var rules: [RuleSyntax] = []
    var collect: CollectSyntax?
}

struct CollectSyntax {
    var variable: Name
    var minDigits: Int
    var maxDigits: Int
    /// nil: the default (#); .some(nil): `terminator none`.
    var terminator: DTMFKey??
    var betweenMilliseconds: Int?
    var validation: ValidationSyntax?
}

enum ValidationSyntax {
    case luhn
    case pattern(String, SourceLocation)
}

struct ListSyntax {
    var name: Name
    var entries: [NumberTestSyntax] = []
}

struct RuleSyntax {
    var condition: ConditionSyntax
    var action: ActionSyntax
    var location: SourceLocation
}

/// `[not] SUBJECT TEST`: `caller in vip`, `office is holiday`, `account matches "4X."`.
struct ConditionSyntax {
    var negated: Bool
    var subject: Name
    var test: NumberTestSyntax
}

enum NumberTestSyntax {
    case empty(SourceLocation)
    /// `is WORD [WORD]`: a value, a language, or a schedule state (with a holiday's name).
    case equals(Name, qualifier: Name?)
    case startsWith(Name)
    case matches(String, SourceLocation)
    case inList(Name)
}

struct ActionSyntax {
    enum Transfer {
        case goto(Name)
        case hangup
        case repeatMenu
        case back
        case ignore(SourceLocation)
    }

    enum Step {
        case play([Name])
        case say(kind: Name, value: Name, gender: Name?)
        case set(Name, Name)
        case language(Name)
        /// `voicemail 200 [busy]`: leave a message; `check-voicemail 200`: the owner listens.
        case voicemail(keyword: Name, box: Name, busy: Bool)
        /// `queue support`, `record`, `transfer 5551234`…: requests the engine or the control side carries out (those not built yet play `not-available`).
        case request(keyword: Name, argument: Name?)
    }

    var steps: [Step] = []
    var transfer: Transfer?
    var location: SourceLocation?
    /// Where the transfer is written.
    var transferLocation: SourceLocation?
}

/// `queue support { agents 2, 3 ... }`: who answers, how they are chosen, what waiting callers hear.
struct QueueSyntax {
    var name: Name
    var agents: [Name] = []
    var agentsLocation: SourceLocation?
    /// The strategy's word, and the skill after `skills`.
    var strategy: (word: Name, skill: Name?)?
    var ringMilliseconds: Int?
    var wrapUpMilliseconds: Int?
    var pauseAfterMisses: Int?
    /// 0: `announce never`.
    var announceMilliseconds: Int?
    var music: Name?
    var maxWaitMilliseconds: Int?
    var maxCallers: Int?
    var vip: ConditionSyntax?
    var keys: [(key: DTMFKey, location: SourceLocation, action: ActionSyntax)] = []
    var onTimeout: ActionSyntax?
    var onFull: ActionSyntax?
    var onNoAgents: ActionSyntax?
    /// `hours SCHEDULE`: callers who come while it is closed (or wait when it closes) go to `on closed`.
    var hours: Name?
    var onClosed: ActionSyntax?
    /// `number 600`: what an agent dials after a hook flash to transfer the caller here.
    var number: Name?
    /// `record always|never`: whether a caller's conversation with an agent is recorded.
    var record: Name?
    /// `record always announce PROMPT`: what a caller hears on joining the queue.
    var recordAnnouncement: Name?
}

/// `agent 2 skills billing 5, english 9`: an office phone's agent and what they are good at.
struct AgentSyntax {
    var number: Name
    var mobile: Name?
    var skills: [(skill: Name, level: Int)] = []
    /// `record always|on-demand|never`.
    var record: Name?
}

/// `mailbox 200 { owner 5 ... }`: a voicemail box as written.
struct MailboxSyntax {
    var number: Name
    var owner: Name?
    var language: Name?
    var greetings: [(kind: Name, prompt: Name)] = []
    var maxMessageMilliseconds: Int?
    var silenceMilliseconds: Int?
    var pinHash: (text: String, location: SourceLocation)?
    var lockoutFailures: Int?
    var lockoutMilliseconds: Int?
}
