/// One step of a compiled program, run by a channel's interpreter on the media
/// thread. Plain integers only: the interpreter reads instructions from an immutable
/// table and allocates nothing.
public struct Instruction: Sendable, Equatable, BitwiseCopyable, CustomStringConvertible {
    public enum Opcode: UInt8, Sendable, BitwiseCopyable {
        /// Enter menu `a`: its attempts start afresh; the control side is told.
        case enterMenu
        /// Queue prompt `a` in the caller's language.
        case play
        /// Say value `b` (an index into `ProgramCode.values`) as `SayKind(a)`, gender `c`.
        case say
        /// Variable `a` takes value `b`.
        case set
        /// The caller's language becomes `a` for the rest of the call.
        case setLanguage
        /// Ask for declared action `a` (`ProgramCode.requests`).
        case request
        /// Go to `b` when condition `a` holds.
        case branch
        /// Go to `a`.
        case jump
        /// Enter menu `a`, remembering the current one for `back`.
        case gotoMenu
        /// Re-enter the menu the call came from, or replay the current one.
        case back
        /// Suspend: the menu's prompts play, then wait for a key of menu `a`.
        case waitForKey
        /// Suspend: collect digits for menu `a`'s `collect`.
        case collect
        /// Suspend: the queued prompts play out, then the line is released.
        case hangup
        /// The call is not answered (file-level caller rules).
        case ignore
        /// Replay the menu the call is in (`repeat` in a queue's handler).
        case replay
        /// Go on after the `queue` step the call left (a queue's handler without a transfer).
        case goOn
    }

    public var opcode: Opcode
    public var a: Int32
    public var b: Int32
    public var c: Int32

    public init(_ opcode: Opcode, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0) {
        self.opcode = opcode
        self.a = a
        self.b = b
        self.c = c
    }

    /// Whether the interpreter stops here until audio, a key or a timer moves it on.
    public var suspends: Bool {
        switch opcode {
        case .waitForKey, .collect, .hangup, .ignore: true
        default: false
        }
    }

    public var description: String {
        switch opcode {
        case .enterMenu, .play, .setLanguage, .request, .jump, .gotoMenu, .waitForKey, .collect: "\(opcode) \(a)"
        case .set, .branch: "\(opcode) \(a) \(b)"
        case .say: "say \(a) \(b) \(c)"
        case .back, .hangup, .ignore, .replay, .goOn: "\(opcode)"
        }
    }
}

/// Where a menu's code starts and where each of its events goes.
public struct MenuDispatch: Sendable, Equatable {
    /// `enterMenu`, then the menu's `when` rules.
    public var entry: Int32
    /// The menu's prompts and its wait: `repeat` comes here.
    public var replay: Int32
    /// 16 handlers by `DTMFKey.rawValue`, -1 where the key is not offered.
    public var keys: [Int32]
    public var invalid: Int32
    public var timeout: Int32
    public var failure: Int32
    /// The `on collected` handler of a collecting menu, else -1.
    public var collected: Int32
}

/// Where each of a queue's events goes: -1 where the queue has no handler.
public struct QueueDispatch: Sendable, Equatable {
    /// 16 handlers by `DTMFKey.rawValue`.
    public var keys: [Int32]
    /// By `QueueOverflow.rawValue`.
    public var overflow: [Int32]
    /// The condition that makes a caller a VIP of the queue, or -1.
    public var vip: Int32
}

/// A program as instructions and the tables they index.
public struct ProgramCode: Sendable, Equatable {
    /// Starts at 0: the file-level rules, then the entry menu.
    public var instructions: [Instruction]
    public var menus: [MenuDispatch]
    public var queues: [QueueDispatch]
    public var conditions: [Condition]
    public var values: [ValueSource]
    public var requests: [DeclaredAction]
    /// Conditions of file-level `ignore` rules, checked before a call is answered.
    public var ignoreConditions: [Int32]
}

/// Lays out a checked program as instructions.
enum CodeGenerator {
    static func generate(entry: MenuID, menus: [Menu], callRules: [Rule], queues: [QueueDeclaration]) -> ProgramCode {
        var generator = Emitter()
        return generator.run(entry: entry, menus: menus, callRules: callRules, queues: queues)
    }

    private struct Emitter {
        var code: [Instruction] = []
        var conditions: [Condition] = []
        var values: [ValueSource] = []
        var requests: [DeclaredAction] = []
        var dispatch: [MenuDispatch] = []
        /// `jump` instructions to menu entries, patched once every menu is laid out.
        var entryJumps: [(at: Int, menu: MenuID)] = []

        mutating func run(entry: MenuID, menus: [Menu], callRules: [Rule], queues: [QueueDeclaration]) -> ProgramCode {
            var ignore: [Int32] = []
            var branches: [(at: Int, rule: Rule)] = []
            for rule in callRules {
                let condition = add(rule.condition)
                if rule.action.transfer == .ignore {
                    ignore.append(condition)
                } else {
                    branches.append((emit(.branch, condition, -1), rule))
                }
            }
            entryJumps.append((emit(.jump, -1), entry))
            for (at, rule) in branches {
                code[at].b = pc
                emitSteps(rule.action.steps)
                emitTransfer(rule.action.transfer, replay: nil, fallthroughMenu: entry)
            }
            dispatch = menus.map { _ in MenuDispatch(entry: -1, replay: -1, keys: [], invalid: -1, timeout: -1, failure: -1, collected: -1) }
            for (index, menu) in menus.enumerated() { layOut(menu, index: index) }
            var queueDispatch: [QueueDispatch] = []
            for queue in queues { queueDispatch.append(layOut(queue)) }
            for (at, menu) in entryJumps { code[at].a = dispatch[menu].entry }
            return ProgramCode(instructions: code, menus: dispatch, queues: queueDispatch, conditions: conditions,
                               values: values, requests: requests, ignoreConditions: ignore)
        }

        var pc: Int32 { Int32(code.count) }

        @discardableResult
        mutating func emit(_ opcode: Instruction.Opcode, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0) -> Int {
            code.append(Instruction(opcode, a, b, c))
            return code.count - 1
        }

        mutating func add(_ condition: Condition) -> Int32 {
            if let index = conditions.firstIndex(of: condition) { return Int32(index) }
            conditions.append(condition)
            return Int32(conditions.count - 1)
        }

        mutating func add(_ value: ValueSource) -> Int32 {
            if let index = values.firstIndex(of: value) { return Int32(index) }
            values.append(value)
            return Int32(values.count - 1)
        }

        mutating func layOut(_ menu: Menu, index: MenuID) {
            var table = dispatch[index]
            table.entry = pc
            emit(.enterMenu, Int32(index))
            var ruleBranches: [(at: Int, action: MenuAction)] = []
            for rule in menu.rules {
                ruleBranches.append((emit(.branch, add(rule.condition), -1), rule.action))
            }
            table.replay = pc
            for prompt in menu.prompts { emit(.play, Int32(prompt)) }
            emit(menu.collect == nil ? .waitForKey : .collect, Int32(index))
            func handler(_ action: MenuAction) -> Int32 {
                let start = pc
                emitSteps(action.steps)
                emitTransfer(action.transfer, replay: table.replay, fallthroughMenu: nil)
                return start
            }
            for (at, action) in ruleBranches { code[at].b = handler(action) }
            table.keys = menu.keyActions.map { $0.map(handler) ?? -1 }
            table.invalid = handler(menu.onInvalid)
            table.timeout = handler(menu.onTimeout)
            table.failure = handler(menu.onFailure)
            table.collected = menu.collect.map { handler($0.onCollected) } ?? -1
            dispatch[index] = table
        }

        mutating func layOut(_ queue: QueueDeclaration) -> QueueDispatch {
            func handler(_ action: MenuAction?) -> Int32 {
                guard let action else { return -1 }
                let start = pc
                emitSteps(action.steps)
                emitTransfer(action.transfer, replay: -1, fallthroughMenu: nil)
                return start
            }
            let vip = queue.vip.map { add($0) } ?? -1
            return QueueDispatch(keys: queue.keyActions.map(handler),
                                 overflow: queue.overflowActions.map(handler), vip: vip)
        }

        mutating func emitSteps(_ steps: [ActionStep]) {
            for step in steps {
                switch step {
                case .play(let prompt): emit(.play, Int32(prompt))
                case .say(let kind, let value, let gender): emit(.say, Int32(kind.rawValue), add(value), Int32(gender.rawValue))
                case .set(let variable, let value): emit(.set, Int32(variable), add(value))
                case .setLanguage(let language): emit(.setLanguage, Int32(language))
                case .request(let action):
                    requests.append(action)
                    emit(.request, Int32(requests.count - 1))
                }
            }
        }

        /// `replay`: the menu's replay point (nil at file level, where the call goes on
        /// into `fallthroughMenu`; -1 in a queue's handler, which replays the caller's menu).
        mutating func emitTransfer(_ transfer: MenuTransfer, replay: Int32?, fallthroughMenu: MenuID?) {
            switch transfer {
            case .goto(let menu):
                if replay == nil {
                    entryJumps.append((emit(.jump, -1), menu))
                } else {
                    emit(.gotoMenu, Int32(menu))
                }
            case .hangup: emit(.hangup)
            case .back: emit(.back)
            case .ignore: emit(.ignore)
            case .repeatMenu:
                if replay == -1 {
                    emit(.replay)  // a queue's handler: the menu the caller came from
                } else if let replay {
                    emit(.jump, replay)
                } else {
                    entryJumps.append((emit(.jump, -1), fallthroughMenu!))
                }
            case .goOn: emit(.goOn)
            }
        }
    }
}
