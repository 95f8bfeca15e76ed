/// Tells an FXS phone's hook changes apart: off hook, a hook flash (on hook briefly,
/// to ask for a transfer or the next call) and a hang-up, by how long it stays on hook.
public struct HookMonitor: Sendable {
    public enum Event: Sendable, Equatable {
        case offHook
        /// On hook for a time within the flash range, then back off hook.
        case flash
        /// On hook for longer than the longest flash.
        case onHook
    }

    private let debounceMilliseconds: Int
    private let flash: ClosedRange<Int>
    /// The debounced state: whether the phone is off hook.
    private var offHook = false
    private var candidateSince: Int?
    private var onHookSince: Int?
    private var hangUpReported = true

    public init(debounceMilliseconds: Int, flashMilliseconds: ClosedRange<Int>) {
        self.debounceMilliseconds = debounceMilliseconds
        flash = flashMilliseconds
    }

    public var isOffHook: Bool { offHook }

    /// Feeds the off-hook input's level at `now` (milliseconds).
    public mutating func update(offHook level: Bool, at now: Int) -> Event? {
        if level != offHook {
            // A change counts once it has held for the debounce time.
            let since = candidateSince ?? now
            candidateSince = since
            if now - since >= debounceMilliseconds {
                candidateSince = nil
                offHook = level
                if level { return wentOffHook(at: since) }
                wentOnHook(at: since)
            }
        } else {
            candidateSince = nil
        }
        if !offHook, !hangUpReported, let since = onHookSince, now - since > flash.upperBound {
            hangUpReported = true
            return .onHook
        }
        return nil
    }

    /// Nothing to say yet: how long it stays on hook tells flash from hang-up.
    private mutating func wentOnHook(at time: Int) {
        onHookSince = time
        hangUpReported = false
    }

    private mutating func wentOffHook(at time: Int) -> Event? {
        defer { onHookSince = nil }
        if hangUpReported { return .offHook }
        hangUpReported = true
        guard let since = onHookSince else { return .offHook }
        // Shorter than a flash: the hook bounced or was bumped; the call goes on.
        return time - since >= flash.lowerBound ? .flash : nil
    }
}
