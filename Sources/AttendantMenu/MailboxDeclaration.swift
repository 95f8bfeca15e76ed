import AttendantSyntax

/// A checked `mailbox` block: a voicemail box callers leave messages in and its owner
/// listens to by phone. The control side runs both; the engine plays and records.
public struct MailboxDeclaration: Sendable, Equatable {
    public static let defaultMaxMessageMilliseconds = 180_000
    public static let defaultSilenceMilliseconds = 5_000
    public static let defaultLockoutFailures = 3
    public static let defaultLockoutMilliseconds = 300_000

    /// The box's number, as `voicemail 200` and the console name it.
    public var number: String
    public var location: SourceLocation
    /// The extension (office phone on that board port, from 1) whose lamp, stutter dial
    /// tone and visual indicator show the box's new messages; nil: none.
    public var owner: Int?
    /// The language the box speaks to its owner (envelopes, counts).
    public var language: LanguageID
    /// Catalogue prompts a caller hears before the tone; nil: the generic ones.
    public var unavailableGreeting: PromptID?
    public var busyGreeting: PromptID?
    public var nameGreeting: PromptID?
    public var maxMessageMilliseconds: Int
    /// A message ends after this long without speech (and on `#`, and at the maximum).
    public var silenceMilliseconds: Int
    /// A PIN hash (Argon2id PHC string) the box starts with until the console sets one.
    public var pinHash: String?
    /// Wrong PINs in a row that lock the box, and for how long.
    public var lockoutFailures: Int
    public var lockoutMilliseconds: Int
}

/// The recordings a program with mailboxes needs besides its menus' prompts.
public struct VoicemailSounds: Sendable, Equatable {
    /// Catalogue names, in the order of `all`.
    public static let names = ["vm-person", "vm-unavailable", "vm-busy", "vm-leave-message", "vm-beep",
                               "vm-enter-pin", "vm-pin-incorrect", "vm-locked", "vm-you-have", "vm-new",
                               "vm-messages", "vm-no-more", "vm-received", "vm-message-options",
                               "vm-deleted", "vm-saved", "vm-calling-back", "goodbye",
                               "vm-greeting-options", "vm-record-unavailable", "vm-record-busy", "vm-record-name"]

    /// Prompt IDs in the order of `names`.
    public var all: [PromptID]

    init?(_ ids: [PromptID]) {
        guard ids.count == Self.names.count else { return nil }
        all = ids
    }
}

/// Indices into `VoicemailSounds.all`, for the control side that plays them.
public enum VoicemailSound: Int, Sendable, CaseIterable {
    case person, unavailable, busy, leaveMessage, beep, enterPIN, pinIncorrect, locked, youHave, new
    case messages, noMore, received, messageOptions, deleted, saved, callingBack, goodbye
    case greetingOptions, recordUnavailable, recordBusy, recordName
}

/// The greetings a box's owner records by phone, in place of the catalogue's.
public enum GreetingKind: String, Sendable, CaseIterable {
    case unavailable, busy, name
}
