import AttendantSyntax

public typealias PromptID = Int
public typealias MenuID = Int

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
}

/// Prompts to play, then where the call goes.
public struct MenuAction: Sendable, Equatable {
    public var prompts: [PromptID]
    public var transfer: MenuTransfer

    public init(prompts: [PromptID] = [], transfer: MenuTransfer) {
        self.prompts = prompts
        self.transfer = transfer
    }
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

    public func action(for key: DTMFKey) -> MenuAction? { keyActions[Int(key.rawValue)] }
}

/// A checked, immutable menu program. Calls keep the program they started with,
/// so a newer one can replace it while they run.
public final class MenuProgram: Sendable {
    /// FNV-1a 64 of the source text: the same source always has the same version.
    public let version: UInt64
    public let sourceFile: String
    public let entry: MenuID
    public let menus: [Menu]

    init(version: UInt64, sourceFile: String, entry: MenuID, menus: [Menu]) {
        self.version = version
        self.sourceFile = sourceFile
        self.entry = entry
        self.menus = menus
    }

    public func menu(named name: String) -> MenuID? { menus.firstIndex { $0.name == name } }

    public var referencedPrompts: [PromptID] {
        var all = Set<PromptID>()
        for menu in menus {
            all.formUnion(menu.prompts)
            for action in menu.keyActions.compactMap({ $0 }) + [menu.onInvalid, menu.onTimeout, menu.onFailure] {
                all.formUnion(action.prompts)
            }
        }
        return all.sorted()
    }

    static func fingerprint(_ source: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in source.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
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
