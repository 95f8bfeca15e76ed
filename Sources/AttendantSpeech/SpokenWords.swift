/// The words of one phrase, held inline (no heap): what a grammar fills before
/// `SpeechLanguage`'s `say…` methods hand them to the caller's `emit`.
///
/// Grammars write here rather than call `emit` themselves so that the compiler
/// can check them with `@_noLocks` (no allocation, no locks, no unknown calls)
/// without also checking every caller's `emit`, which `@_noLocks` would do for a
/// closure argument.
struct SpokenWords {
    /// The longest phrase any grammar makes is 27 words (English, a duration of
    /// 777 777 777 777 hours 57 minutes 57 seconds, negative); every phrase fits.
    static var capacity: Int { @_noLocks get { 32 } }

    /// Four 16-bit word indices per lane.
    private var lanes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private(set) var count = 0

    @_noLocks
    init() {}

    @_noLocks
    mutating func append(_ word: Word) {
        precondition(count < SpokenWords.capacity, "a phrase longer than SpokenWords.capacity")
        let shifted = UInt64(word.index) << UInt64(count % 4 * 16)
        switch count / 4 {
        case 0: lanes.0 |= shifted
        case 1: lanes.1 |= shifted
        case 2: lanes.2 |= shifted
        case 3: lanes.3 |= shifted
        case 4: lanes.4 |= shifted
        case 5: lanes.5 |= shifted
        case 6: lanes.6 |= shifted
        default: lanes.7 |= shifted
        }
        count += 1
    }

    /// The word at `position`, in `0..<count`.
    @_noLocks
    subscript(position: Int) -> Word {
        let lane: UInt64 = switch position / 4 {
        case 0: lanes.0
        case 1: lanes.1
        case 2: lanes.2
        case 3: lanes.3
        case 4: lanes.4
        case 5: lanes.5
        case 6: lanes.6
        default: lanes.7
        }
        return Word(rawIndex: UInt16(truncatingIfNeeded: lane >> UInt64(position % 4 * 16)))
    }

    /// Calls `emit` with each word, in order.
    func forEach(_ emit: (Word) -> Void) {
        var position = 0
        while position < count {
            emit(self[position])
            position += 1
        }
    }
}
