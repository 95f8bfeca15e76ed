import AttendantDSP
import AttendantMenu
import AttendantPrompts
import AttendantSchedule
import AttendantSpeech
import Atomics
import Foundation

/// A compiled program laid out for the media thread: its instructions and every
/// table they index, as flat integer arrays (no strings, nothing to retain while a
/// call runs). Built on a non-real-time thread; immutable afterwards but for the
/// schedule states the control side refreshes, so calls that started on it can keep
/// it while newer calls take a newer one.
public final class ExecutableProgram: @unchecked Sendable {
    public let program: MenuProgram
    public let prompts: PromptLibrary
    public var version: UInt64 { program.version }

    let code: Table<Instruction>
    let entryInstruction: Int32 = 0
    let languageCount: Int32
    let variableCount: Int

    // Per menu.
    let menuEntry: Table<Int32>
    let menuReplay: Table<Int32>
    let keyHandlers: Table<Int32>          // menus * 16, -1 for "invalid key"
    let invalidHandlers: Table<Int32>
    let timeoutHandlers: Table<Int32>
    let failureHandlers: Table<Int32>
    let collectedHandlers: Table<Int32>
    let timeoutFrames: Table<Int32>
    let maxAttempts: Table<Int32>
    let collects: Table<CollectLayout>

    // Audio: per language, what each prompt and each spoken word plays.
    let promptCount: Int32
    let promptClips: Table<Int32>          // languages * prompts
    let wordClips: Table<Int32>            // languages * Word.count, empty when nothing is said
    let speechLanguages: Table<UInt8>         // SpeechLanguage raw values, per language
    let notAvailableClips: Table<Int32>    // per language, -1 when unused
    /// The prompt a call ended by a shutdown hears last, when the program plays it anywhere; else -1.
    let farewellPrompt: Int32
    public static let farewellPromptName = "goodbye"
    /// Per declared action: 1 where it is `extension N`, which the switch carries out.
    let extensionRequests: Table<UInt8>

    // Queues: per declared action, the queue it joins or -1; per queue, its handlers,
    // music and VIP condition; the prompts announcements and agent phones play.
    let queueRequests: Table<Int32>
    let callbackRequests: Table<UInt8>
    /// Per declared action: 1 where it is `record` (the control side starts a recording).
    let recordRequests: Table<UInt8>
    /// Per declared action: 1 where it is `voicemail BOX` or `check-voicemail BOX` of a declared box.
    let voicemailRequests: Table<UInt8>
    /// Per queue: the prompt a caller hears on joining because calls are recorded, or -1.
    let queueRecordAnnouncements: Table<Int32>
    let queueNumbers: Table<KeyString>       // per queue; empty when it has none
    let queueCount: Int
    let hangUpInstruction: Int32
    let queueKeyHandlers: Table<Int32>       // queues * 16
    let queueOverflowHandlers: Table<Int32>  // queues * QueueOverflow.allCases.count
    let queueMusic: Table<Int32>
    let queueVIP: Table<Int32>
    let hasQueueSounds: Bool
    let queueSounds: Table<Int32>            // QueueSounds, in its declaration order

    // Conditions and the values and tests they read.
    let conditions: Table<ConditionLayout>
    let tests: Table<TestLayout>
    let literals: Table<KeyString>
    let values: Table<ValueLayout>
    let patterns: Table<PatternLayout>
    let patternMasks: Table<UInt16>
    let listRanges: Table<ListLayout>
    let listTests: Table<Int32>
    let ignoreConditions: Table<Int32>
    let ignoreConditionCount: Int

    /// Each schedule's state, written by the control side (`refreshSchedules`), read by calls:
    /// 0 open, 1 closed, 2 + k the schedule's holiday k.
    let scheduleStates: [ManagedAtomic<Int32>]

    /// Whether schedule `schedule` was open when the control side last refreshed it.
    public func isOpen(schedule: Int) -> Bool { scheduleStates[schedule].load(ordering: .relaxed) == 0 }

    public init(_ loaded: LoadedMenu) {
        program = loaded.program
        prompts = loaded.prompts
        let code = program.code
        // One `hangup` after the compiled code: where a call with no menu of its own
        // (a caller called back) goes once its agent hangs up.
        self.code = Table(code.instructions + [Instruction(.hangup)])
        hangUpInstruction = Int32(code.instructions.count)
        languageCount = Int32(program.languages.count)
        variableCount = program.variables.count

        menuEntry = Table(code.menus.map(\.entry))
        menuReplay = Table(code.menus.map(\.replay))
        keyHandlers = Table(code.menus.flatMap(\.keys))
        invalidHandlers = Table(code.menus.map(\.invalid))
        timeoutHandlers = Table(code.menus.map(\.timeout))
        failureHandlers = Table(code.menus.map(\.failure))
        collectedHandlers = Table(code.menus.map(\.collected))
        timeoutFrames = Table(program.menus.map { Int32(AudioFormat.frames(milliseconds: $0.inputTimeoutMilliseconds)) })
        maxAttempts = Table(program.menus.map { Int32($0.maxAttempts) })

        promptCount = Int32(loaded.promptClips.first?.count ?? 0)
        promptClips = Table(loaded.promptClips.flatMap { $0.map(Int32.init) })
        wordClips = Table(loaded.wordClips.flatMap { $0.map(Int32.init) })
        let languages = loaded.program.languages
        speechLanguages = Table(languages.map { (SpeechLanguage(code: $0) ?? SpeechLanguage(code: languages[0]) ?? .english).rawValue })
        notAvailableClips = Table(loaded.notAvailableClips.map(Int32.init))
        // The default language's clips carry the prompts' own names.
        farewellPrompt = Int32(loaded.promptClips.first?.firstIndex { loaded.prompts.names[$0] == Self.farewellPromptName } ?? -1)
        extensionRequests = Table(code.requests.map { if case .extensionNumber = $0 { 1 } else { 0 } })
        queueRequests = Table(code.requests.map { request in
            if case .queue(let name) = request, let queue = loaded.program.queue(named: name) { Int32(queue) } else { -1 }
        })
        queueKeyHandlers = Table(code.queues.flatMap(\.keys))
        queueOverflowHandlers = Table(code.queues.flatMap(\.overflow))
        queueMusic = Table(program.queues.map { Int32($0.music) })
        queueVIP = Table(code.queues.map(\.vip))
        let sounds = program.queueSounds
        hasQueueSounds = sounds != nil
        queueSounds = Table(sounds.map { $0.all.map(Int32.init) } ?? [])
        callbackRequests = Table(code.requests.map { $0 == .callback ? 1 : 0 })
        recordRequests = Table(code.requests.map { $0 == .record ? 1 : 0 })
        voicemailRequests = Table(code.requests.map { request in
            switch request {
            case .voicemail(let box, _), .checkVoicemail(let box): loaded.program.mailbox(numbered: box) == nil ? 0 : 1
            default: 0
            }
        })
        queueRecordAnnouncements = Table(program.queues.map { $0.recordAnnouncement.map { Int32($0) } ?? -1 })
        queueNumbers = Table(program.queues.map { $0.number.flatMap(KeyString.init) ?? KeyString() })
        queueCount = program.queues.count

        var builder = ConditionTableBuilder()
        var collects: [CollectLayout] = []
        for menu in program.menus {
            guard let spec = menu.collect else {
                collects.append(CollectLayout())
                continue
            }
            collects.append(CollectLayout(
                variable: Int32(spec.variable), minDigits: Int32(spec.minDigits), maxDigits: Int32(spec.maxDigits),
                terminator: spec.terminator.map { UInt8(ascii: $0.character.asciiValue.map(Unicode.Scalar.init) ?? "#") } ?? 0,
                betweenFrames: Int32(AudioFormat.frames(milliseconds: spec.interDigitMilliseconds)),
                validation: builder.validation(spec.validation)))
        }
        self.collects = Table(collects)
        for (index, declaration) in program.schedules.enumerated() {
            builder.holidayIndex[index] = Dictionary(uniqueKeysWithValues: declaration.schedule.holidayNames.enumerated().map { ($1, $0) })
        }
        // The instructions' values keep their indices; tests add theirs after them.
        for value in code.values { builder.values.append(builder.value(value)) }
        for list in program.lists { builder.addList(list) }
        var conditionLayouts: [ConditionLayout] = []
        for condition in code.conditions { conditionLayouts.append(builder.condition(condition)) }
        conditions = Table(conditionLayouts)
        values = Table(builder.values)
        tests = Table(builder.tests)
        literals = Table(builder.literals)
        patterns = Table(builder.patterns)
        patternMasks = Table(builder.masks)
        listRanges = Table(builder.lists)
        listTests = Table(builder.listTests)
        ignoreConditions = Table(code.ignoreConditions)
        ignoreConditionCount = code.ignoreConditions.count
        scheduleStates = program.schedules.map { _ in ManagedAtomic<Int32>(1) }
    }

    deinit {
        code.free(); menuEntry.free(); menuReplay.free(); keyHandlers.free(); invalidHandlers.free()
        timeoutHandlers.free(); failureHandlers.free(); collectedHandlers.free(); timeoutFrames.free()
        maxAttempts.free(); collects.free(); promptClips.free(); wordClips.free(); speechLanguages.free()
        notAvailableClips.free(); extensionRequests.free(); queueRequests.free(); callbackRequests.free(); recordRequests.free(); voicemailRequests.free(); queueRecordAnnouncements.free(); queueNumbers.free(); queueKeyHandlers.free()
        queueOverflowHandlers.free(); queueMusic.free(); queueVIP.free(); queueSounds.free(); conditions.free(); tests.free(); literals.free(); values.free()
        patterns.free(); patternMasks.free(); listRanges.free(); listTests.free(); ignoreConditions.free()
    }

    /// Evaluates every schedule at `date` (control side, about once a second).
    public func refreshSchedules(at date: Date, overrides: [String: ScheduleOverride] = [:]) {
        for (index, declaration) in program.schedules.enumerated() {
            let state = declaration.schedule.state(at: date, override: overrides[declaration.name])
            let code: Int32 = switch state {
            case .open: 0
            case .closed: 1
            case .holiday(let name): 2 + Int32(declaration.schedule.holidayNames.firstIndex(of: name) ?? 0)
            }
            scheduleStates[index].store(code, ordering: .relaxed)
        }
    }

    public func menuName(_ menu: Int) -> String { program.menus[menu].name }
    public func promptName(_ clip: Int) -> String { prompts.names[clip] }
    public func requestDescription(_ request: Int) -> String { program.code.requests[request].description }
}

// MARK: - Layouts

struct CollectLayout: BitwiseCopyable {
    var variable: Int32 = -1
    var minDigits: Int32 = 0
    var maxDigits: Int32 = 0
    /// ASCII of the terminator key, 0 for none.
    var terminator: UInt8 = 0
    var betweenFrames: Int32 = 0
    /// -2 none, -1 Luhn, else a pattern index.
    var validation: Int32 = -2
}

struct ConditionLayout: BitwiseCopyable {
    enum Kind: UInt8 { case caller, variable, language, schedule }
    var kind: Kind
    var negated: Bool
    /// Variable, language or schedule index.
    var subject: Int32
    /// A test index, or for schedules: -1 open, -2 closed, -3 any holiday, k >= 0 holiday k.
    var test: Int32
}

struct TestLayout: BitwiseCopyable {
    enum Kind: UInt8 { case equals, startsWith, matches, inList, empty }
    var kind: Kind
    /// A value index (equals), a literal (startsWith), a pattern, a list.
    var operand: Int32
}

struct ValueLayout: BitwiseCopyable {
    /// A literal index when >= 0, else variable -(operand + 1).
    var operand: Int32
}

struct PatternLayout: BitwiseCopyable {
    var start: Int32
    var count: Int32
    /// -1: nothing may follow the positions.
    var restMinimum: Int32
}

struct ListLayout: BitwiseCopyable {
    var start: Int32
    var count: Int32
}

/// Turns the compiler's conditions into the flat layouts above.
private struct ConditionTableBuilder {
    var tests: [TestLayout] = []
    var literals: [KeyString] = []
    var patterns: [PatternLayout] = []
    var masks: [UInt16] = []
    var lists: [ListLayout] = []
    var listTests: [Int32] = []

    mutating func literal(_ digits: String) -> Int32 {
        literals.append(KeyString(digits) ?? KeyString())
        return Int32(literals.count - 1)
    }

    mutating func pattern(_ pattern: DigitPattern) -> Int32 {
        patterns.append(PatternLayout(start: Int32(masks.count), count: Int32(pattern.positions.count),
                                      restMinimum: Int32(pattern.restMinimum ?? -1)))
        masks += pattern.positions
        return Int32(patterns.count - 1)
    }

    mutating func value(_ value: ValueSource) -> ValueLayout {
        switch value {
        case .literal(let digits): ValueLayout(operand: literal(digits))
        case .variable(let index): ValueLayout(operand: -Int32(index) - 1)
        }
    }

    mutating func test(_ test: NumberTest) -> Int32 {
        let layout: TestLayout = switch test {
        case .equals(let source): TestLayout(kind: .equals, operand: addValue(source))
        case .startsWith(let digits): TestLayout(kind: .startsWith, operand: literal(digits))
        case .matches(let pattern): TestLayout(kind: .matches, operand: self.pattern(pattern))
        case .inList(let list): TestLayout(kind: .inList, operand: Int32(list))
        case .empty: TestLayout(kind: .empty, operand: 0)
        }
        tests.append(layout)
        return Int32(tests.count - 1)
    }

    var values: [ValueLayout] = []

    mutating func addValue(_ source: ValueSource) -> Int32 {
        let layout = value(source)
        values.append(layout)
        return Int32(values.count - 1)
    }

    mutating func addList(_ list: NumberList) {
        let indices = list.entries.map { test($0) }
        lists.append(ListLayout(start: Int32(listTests.count), count: Int32(indices.count)))
        listTests += indices
    }

    mutating func condition(_ condition: Condition) -> ConditionLayout {
        switch condition {
        case .not(let inner):
            var layout = self.condition(inner)
            layout.negated.toggle()
            return layout
        case .caller(let test): return ConditionLayout(kind: .caller, negated: false, subject: 0, test: self.test(test))
        case .variable(let variable, let test):
            return ConditionLayout(kind: .variable, negated: false, subject: Int32(variable), test: self.test(test))
        case .language(let language): return ConditionLayout(kind: .language, negated: false, subject: Int32(language), test: 0)
        case .schedule(let schedule, let state):
            let test: Int32 = switch state {
            case .open: -1
            case .closed: -2
            case .holiday(nil): -3
            case .holiday(let name?): Int32(holidayIndex[schedule]?[name] ?? 0)
            }
            return ConditionLayout(kind: .schedule, negated: false, subject: Int32(schedule), test: test)
        }
    }

    var holidayIndex: [Int: [String: Int]] = [:]

    mutating func validation(_ validation: InputValidation) -> Int32 {
        switch validation {
        case .none: -2
        case .luhn: -1
        case .pattern(let pattern): self.pattern(pattern)
        }
    }
}

/// A fixed, read-only array in memory the program owns: indexing it costs a load,
/// never a retain.
struct Table<Element: BitwiseCopyable>: @unchecked Sendable {
    private let base: UnsafeMutableBufferPointer<Element>

    init(_ elements: [Element]) {
        base = .allocate(capacity: max(elements.count, 1))
        _ = base.initialize(fromContentsOf: elements)
    }

    var count: Int { base.count }

    @inline(__always)
    subscript(index: Int) -> Element { base[index] }

    @inline(__always)
    subscript(index: Int32) -> Element { base[Int(index)] }

    // Tables live exactly as long as their program; ExecutableProgram frees them.
    func free() { base.deallocate() }
}

extension DTMFKey {
    /// The key for an ASCII DTMF digit as spandsp reports it. Plain comparisons: a
    /// range pattern makes the runtime build metadata on first use, in the media loop.
    init?(ascii: UInt8) {
        if ascii >= 48 && ascii <= 57 {          // 0-9
            self.init(rawValue: ascii - 48)
        } else if ascii == 42 {                  // *
            self.init(rawValue: 10)
        } else if ascii == 35 {                  // #
            self.init(rawValue: 11)
        } else if ascii >= 65 && ascii <= 68 {   // A-D
            self.init(rawValue: 12 + ascii - 65)
        } else {
            return nil
        }
    }
}
