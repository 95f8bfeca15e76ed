import AttendantSpeech
import AttendantSyntax

public typealias PromptID = Int
public typealias MenuID = Int
public typealias VariableID = Int
public typealias LanguageID = Int
public typealias ListID = Int
public typealias ScheduleID = Int

/// What the compiler's caller says about a prompt name.
public enum PromptLookup: Sendable {
    case found(PromptID)
    case unknown
    /// Known, but its recording cannot be played (missing file, not decodable…).
    case unusable(reason: String)
}

public enum MenuTransfer: Sendable, Equatable {
    case goto(MenuID)
    case hangup
    case repeatMenu
    case back
    /// Only in a file-level `when` rule on the caller: the call is not answered at all.
    case ignore
    /// Only in a queue's handler: the call goes on after its `queue` step.
    case goOn
}

/// What `say` speaks.
public enum SayKind: UInt8, Sendable, Equatable, CaseIterable {
    case number, digits, duration, time, date
}

/// A digit string known when the program is compiled, or a call variable's value.
public enum ValueSource: Sendable, Equatable {
    case literal(String)
    case variable(VariableID)
}

/// What comes next for a caller once the call-centre features exist: the compiler
/// checks them now; until their feature lands they play `not-available` and go on.
public enum DeclaredAction: Sendable, Equatable {
    case queue(String)
    case agent(String)
    case extensionNumber(String)
    /// Leave a message in the box (`busy`: with its busy greeting).
    case voicemail(String, busy: Bool)
    /// The box's owner listens to its messages (after the PIN).
    case checkVoicemail(String)
    case record
    case callback
    case survey(String)
    case transfer(String)

    public var description: String {
        switch self {
        case .queue(let name): "queue \(name)"
        case .agent(let name): "agent \(name)"
        case .extensionNumber(let number): "extension \(number)"
        case .voicemail(let box, let busy): "voicemail \(box)" + (busy ? " busy" : "")
        case .checkVoicemail(let box): "check-voicemail \(box)"
        case .record: "record"
        case .callback: "callback"
        case .survey(let name): "survey \(name)"
        case .transfer(let number): "transfer \(number)"
        }
    }
}

public enum ActionStep: Sendable, Equatable {
    case play(PromptID)
    case say(SayKind, ValueSource, GrammaticalGender)
    case set(VariableID, ValueSource)
    case setLanguage(LanguageID)
    case request(DeclaredAction)
}

/// Steps (prompts, speech, variables), then where the call goes.
public struct MenuAction: Sendable, Equatable {
    public var steps: [ActionStep]
    public var transfer: MenuTransfer

    public init(steps: [ActionStep], transfer: MenuTransfer) {
        self.steps = steps
        self.transfer = transfer
    }

    public init(prompts: [PromptID] = [], transfer: MenuTransfer) {
        self.init(steps: prompts.map(ActionStep.play), transfer: transfer)
    }

    /// Whether the action asks for a callback (a waiting caller's place kept off the line).
    public var requestsCallback: Bool {
        steps.contains { if case .request(.callback) = $0 { true } else { false } }
    }

    public var prompts: [PromptID] {
        steps.compactMap { if case .play(let prompt) = $0 { prompt } else { nil } }
    }
}

/// A test on a digit string (the caller's number or a variable).
public enum NumberTest: Sendable, Equatable {
    case equals(ValueSource)
    case startsWith(String)
    case matches(DigitPattern)
    case inList(ListID)
    /// No digits: for the caller, withheld or anonymous.
    case empty
}

public enum ScheduleCondition: Sendable, Equatable {
    case open
    case closed
    /// Any holiday (nil) or the one named.
    case holiday(String?)
}

public indirect enum Condition: Sendable, Equatable {
    case caller(NumberTest)
    case variable(VariableID, NumberTest)
    case language(LanguageID)
    case schedule(ScheduleID, ScheduleCondition)
    case not(Condition)
}

/// `when CONDITION: ACTION`: in a menu, checked in order on entry; at file level,
/// checked in order when a call is answered (or, for `ignore`, before).
public struct Rule: Sendable, Equatable {
    public var condition: Condition
    public var action: MenuAction
    public var location: SourceLocation
}

/// A named list of numbers: a blocklist, VIPs.
public struct NumberList: Sendable, Equatable {
    public var name: String
    public var location: SourceLocation
    public var entries: [NumberTest]
}

public enum InputValidation: Sendable, Equatable {
    case none
    case luhn
    case pattern(DigitPattern)
}

/// A menu that collects digits instead of a single key.
public struct CollectSpec: Sendable, Equatable {
    public var variable: VariableID
    public var minDigits: Int
    public var maxDigits: Int
    /// Ends the input early; nil: only the length or the inter-digit timeout do.
    public var terminator: DTMFKey?
    public var interDigitMilliseconds: Int
    public var validation: InputValidation
    public var onCollected: MenuAction
}

public struct Menu: Sendable {
    public var name: String
    public var location: SourceLocation
    public var prompts: [PromptID]
    public var inputTimeoutMilliseconds: Int
    /// Invalid keys plus timeouts allowed; the last one runs `onFailure`.
    public var maxAttempts: Int
    /// Exactly 16 entries, indexed by `DTMFKey.rawValue`; nil for keys the menu does not offer.
    public var keyActions: [MenuAction?]
    public var onInvalid: MenuAction
    public var onTimeout: MenuAction
    public var onFailure: MenuAction
    public var rules: [Rule] = []
    public var collect: CollectSpec?

    public func action(for key: DTMFKey) -> MenuAction? { keyActions[Int(key.rawValue)] }

    /// Every action of the menu, rules first.
    public var allActions: [MenuAction] {
        rules.map(\.action) + keyActions.compactMap { $0 } + [onInvalid, onTimeout, onFailure]
            + (collect.map { [$0.onCollected] } ?? [])
    }
}

/// A checked, immutable menu program. Calls keep the program they started with,
/// so a newer one can replace it while they run.
public final class MenuProgram: Sendable {
    /// FNV-1a 64 of the source texts: the same sources always have the same version.
    public let version: UInt64
    public let sourceFile: String
    public let entry: MenuID
    public let menus: [Menu]
    /// Languages callers can hear; the first is the default, which fills in for
    /// prompts another language lacks.
    public let languages: [String]
    /// Call variables by name; `caller` is not one of them (it is the caller's number).
    public let variables: [String]
    public let lists: [NumberList]
    public let schedules: [ScheduleDeclaration]
    /// File-level `when` rules, in order.
    public let callRules: [Rule]
    /// Where each prompt is first named, for diagnostics about its recordings.
    public let promptUses: [PromptID: SourceLocation]
    /// Where `say` first appears, if the program speaks values at all.
    public let firstSay: SourceLocation?
    /// Declared queues, in the order of their `QueueID`s, and agents.
    public let queues: [QueueDeclaration]
    public let agents: [AgentDeclaration]
    /// The recordings queues play; nil when the program declares none.
    public let queueSounds: QueueSounds?
    /// Declared voicemail boxes, and the prompts voicemail plays (nil when there are none).
    public let mailboxes: [MailboxDeclaration]
    public let voicemailSounds: VoicemailSounds?
    /// The program as instructions for the engine's interpreter.
    public let code: ProgramCode

    init(version: UInt64, sourceFile: String, entry: MenuID, menus: [Menu], languages: [String],
         variables: [String], lists: [NumberList], schedules: [ScheduleDeclaration], callRules: [Rule],
         promptUses: [PromptID: SourceLocation], firstSay: SourceLocation?,
         queues: [QueueDeclaration] = [], agents: [AgentDeclaration] = [], queueSounds: QueueSounds? = nil,
         mailboxes: [MailboxDeclaration] = [], voicemailSounds: VoicemailSounds? = nil) {
        self.version = version
        self.sourceFile = sourceFile
        self.entry = entry
        self.menus = menus
        self.languages = languages
        self.variables = variables
        self.lists = lists
        self.schedules = schedules
        self.callRules = callRules
        self.promptUses = promptUses
        self.firstSay = firstSay
        self.queues = queues
        self.agents = agents
        self.queueSounds = queueSounds
        self.mailboxes = mailboxes
        self.voicemailSounds = voicemailSounds
        code = CodeGenerator.generate(entry: entry, menus: menus, callRules: callRules, queues: queues)
    }

    public func menu(named name: String) -> MenuID? { menus.firstIndex { $0.name == name } }

    public func queue(named name: String) -> QueueID? { queues.firstIndex { $0.name == name } }

    public func mailbox(numbered number: String) -> Int? { mailboxes.firstIndex { $0.number == number } }

    public var referencedPrompts: [PromptID] {
        var all = Set<PromptID>()
        for menu in menus {
            all.formUnion(menu.prompts)
            for action in menu.allActions { all.formUnion(action.prompts) }
        }
        for rule in callRules { all.formUnion(rule.action.prompts) }
        all.formUnion(voicemailSounds?.all ?? [])
        for mailbox in mailboxes {
            all.formUnion([mailbox.unavailableGreeting, mailbox.busyGreeting, mailbox.nameGreeting].compactMap { $0 })
        }
        for queue in queues {
            all.insert(queue.music)
            for action in queue.allActions { all.formUnion(action.prompts) }
        }
        return all.sorted()
    }

    /// Whether any action of the program asks for a feature that is declared but not built yet.
    public var usesDeclaredActions: Bool {
        (menus.flatMap(\.allActions) + callRules.map(\.action) + queues.flatMap(\.allActions)).contains { action in
            action.steps.contains { if case .request = $0 { true } else { false } }
        }
    }

    static func fingerprint(_ sources: [String]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for source in sources {
            for byte in source.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        return hash
    }
}

public struct MenuCompilation: Sendable {
    /// Nil when there is any error.
    public let program: MenuProgram?
    /// Errors and warnings in source order.
    public let diagnostics: [Diagnostic]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
