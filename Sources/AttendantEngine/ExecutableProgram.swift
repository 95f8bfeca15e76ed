import AttendantDSP
import AttendantMenu
import AttendantPrompts

/// A compiled menu laid out as flat tables for the media loop: integers only, no
/// strings, no nested arrays, nothing to retain while a call runs. Built on a
/// non-real-time thread; immutable afterwards, so calls that started on it can keep
/// it while newer calls take a newer one.
public final class ExecutableProgram: @unchecked Sendable {
    enum Transfer: UInt8 {
        case goto
        case hangup
        case repeatMenu
        case back
    }

    public let program: MenuProgram
    public let prompts: PromptLibrary
    public var version: UInt64 { program.version }
    let entryMenu: Int32
    let menuCount: Int

    // Per menu.
    let menuPrompts: Table<Int32>       // start index into promptList, count follows
    let menuPromptCounts: Table<Int32>
    let timeoutFrames: Table<Int32>
    let maxAttempts: Table<Int32>
    let keyActions: Table<Int32>        // menuCount * 16, -1 for "invalid key"
    let invalidActions: Table<Int32>
    let timeoutActions: Table<Int32>
    let failureActions: Table<Int32>

    // Per action.
    let actionPrompts: Table<Int32>
    let actionPromptCounts: Table<Int32>
    let actionTransfers: Table<UInt8>
    let actionTargets: Table<Int32>

    let promptList: Table<Int32>

    public init(_ loaded: LoadedMenu) {
        program = loaded.program
        prompts = loaded.prompts
        entryMenu = Int32(program.entry)
        menuCount = program.menus.count

        var promptList: [Int32] = []
        var actions: [(start: Int32, count: Int32, transfer: Transfer, target: Int32)] = []
        func addPrompts(_ ids: [PromptID]) -> Int32 {
            let start = Int32(promptList.count)
            promptList.append(contentsOf: ids.map(Int32.init))
            return start
        }
        func addAction(_ action: MenuAction) -> Int32 {
            let start = addPrompts(action.prompts)
            let (transfer, target): (Transfer, Int32) = switch action.transfer {
            case .goto(let menu): (.goto, Int32(menu))
            case .hangup: (.hangup, -1)
            case .repeatMenu: (.repeatMenu, -1)
            case .back: (.back, -1)
            }
            actions.append((start, Int32(action.prompts.count), transfer, target))
            return Int32(actions.count - 1)
        }

        var menuPrompts: [Int32] = [], menuPromptCounts: [Int32] = []
        var timeoutFrames: [Int32] = [], maxAttempts: [Int32] = []
        var keyActions: [Int32] = []
        var invalid: [Int32] = [], timeout: [Int32] = [], failure: [Int32] = []
        for menu in program.menus {
            menuPrompts.append(addPrompts(menu.prompts))
            menuPromptCounts.append(Int32(menu.prompts.count))
            timeoutFrames.append(Int32(AudioFormat.frames(milliseconds: menu.inputTimeoutMilliseconds)))
            maxAttempts.append(Int32(menu.maxAttempts))
            for key in 0..<16 {
                keyActions.append(menu.keyActions[key].map(addAction) ?? -1)
            }
            invalid.append(addAction(menu.onInvalid))
            timeout.append(addAction(menu.onTimeout))
            failure.append(addAction(menu.onFailure))
        }

        self.menuPrompts = Table(menuPrompts)
        self.menuPromptCounts = Table(menuPromptCounts)
        self.timeoutFrames = Table(timeoutFrames)
        self.maxAttempts = Table(maxAttempts)
        self.keyActions = Table(keyActions)
        invalidActions = Table(invalid)
        timeoutActions = Table(timeout)
        failureActions = Table(failure)
        actionPrompts = Table(actions.map(\.start))
        actionPromptCounts = Table(actions.map(\.count))
        actionTransfers = Table(actions.map(\.transfer.rawValue))
        actionTargets = Table(actions.map(\.target))
        self.promptList = Table(promptList)
    }

    deinit {
        for table in [menuPrompts, menuPromptCounts, timeoutFrames, maxAttempts, keyActions,
                      invalidActions, timeoutActions, failureActions, actionPrompts,
                      actionPromptCounts, actionTargets, promptList] {
            table.free()
        }
        actionTransfers.free()
    }

    /// The action bound to an ASCII DTMF digit in a menu, or -1 when the key is not offered.
    @inline(__always)
    func action(forDigit digit: UInt8, inMenu menu: Int32) -> Int32 {
        guard let key = DTMFKey(ascii: digit) else { return -1 }
        return keyActions[Int(menu) * 16 + Int(key.rawValue)]
    }

    public func menuName(_ menu: Int) -> String { program.menus[menu].name }
    public func promptName(_ prompt: Int) -> String { prompts.names[prompt] }
}

/// A fixed, read-only array in memory the program owns: indexing it costs a load,
/// never a retain.
struct Table<Element: BitwiseCopyable>: @unchecked Sendable {
    private let base: UnsafeMutableBufferPointer<Element>

    init(_ elements: [Element]) {
        base = .allocate(capacity: max(elements.count, 1))
        _ = base.initialize(fromContentsOf: elements)
    }

    @inline(__always)
    subscript(index: Int) -> Element { base[index] }

    @inline(__always)
    subscript(index: Int32) -> Element { base[Int(index)] }

    // Tables live exactly as long as their program; ExecutableProgram frees them.
    func free() { base.deallocate() }
}

extension DTMFKey {
    /// The key for an ASCII DTMF digit as spandsp reports it.
    init?(ascii: UInt8) {
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): self.init(rawValue: ascii - UInt8(ascii: "0"))
        case UInt8(ascii: "*"): self.init(rawValue: 10)
        case UInt8(ascii: "#"): self.init(rawValue: 11)
        case UInt8(ascii: "A")...UInt8(ascii: "D"): self.init(rawValue: 12 + ascii - UInt8(ascii: "A"))
        default: return nil
        }
    }
}
