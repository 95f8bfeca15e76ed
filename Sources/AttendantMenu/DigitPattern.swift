/// A telephone number pattern, as exchanges write them:
///
/// | written | matches |
/// | --- | --- |
/// | `0`-`9`, `*`, `#` | that key |
/// | `X` | any digit 0-9 |
/// | `Z` | 1-9 |
/// | `N` | 2-9 |
/// | `[1-5]`, `[137]` | one of those digits |
/// | `.` | one or more characters more (only at the end) |
/// | `!` | zero or more characters more (only at the end) |
///
/// `"8800XXXXXXX"` is an 11-digit number starting 8800; `"7495."` anything longer
/// starting 7495. The compiler only checks and stores patterns; calls are matched by
/// the engine's interpreter, against the program's flat tables.
public struct DigitPattern: Sendable, Equatable {
    /// One allowed-key mask (bit `DTMFKey.rawValue`) per position.
    public let positions: [UInt16]
    /// How many characters more, at least, may follow the positions; nil: none.
    public let restMinimum: Int?

    public struct SyntaxError: Error, Equatable {
        /// 0-based offset into the pattern text.
        public var offset: Int
        public var message: String
    }

    public init(parsing text: String) throws(SyntaxError) {
        let characters = Array(text)
        var positions: [UInt16] = []
        var rest: Int?
        var index = 0
        func digits(_ range: ClosedRange<UInt8>) -> UInt16 {
            range.reduce(0) { $0 | (1 << UInt16($1)) }
        }
        while index < characters.count {
            let character = characters[index]
            if rest != nil {
                throw SyntaxError(offset: index, message: "nothing may follow '\(characters[index - 1])' in a pattern")
            }
            switch character {
            case "X", "x": positions.append(digits(0...9))
            case "Z", "z": positions.append(digits(1...9))
            case "N", "n": positions.append(digits(2...9))
            case ".": rest = 1
            case "!": rest = 0
            case "[":
                var mask: UInt16 = 0
                var cursor = index + 1
                while cursor < characters.count, characters[cursor] != "]" {
                    guard characters[cursor].isASCII, let low = characters[cursor].wholeNumberValue else {
                        throw SyntaxError(offset: cursor, message: "expected a digit in '[...]', found '\(characters[cursor])'")
                    }
                    if cursor + 2 < characters.count, characters[cursor + 1] == "-" {
                        guard characters[cursor + 2].isASCII, let high = characters[cursor + 2].wholeNumberValue, high >= low else {
                            throw SyntaxError(offset: cursor + 2, message: "expected a digit from \(low) to 9 after '-'")
                        }
                        mask |= digits(UInt8(low)...UInt8(high))
                        cursor += 3
                    } else {
                        mask |= 1 << UInt16(low)
                        cursor += 1
                    }
                }
                guard cursor < characters.count else { throw SyntaxError(offset: index, message: "'[' has no closing ']'") }
                guard mask != 0 else { throw SyntaxError(offset: index, message: "'[]' allows no digit") }
                positions.append(mask)
                index = cursor
            default:
                guard let key = DTMFKey(character: character), !character.isLetter else {
                    throw SyntaxError(offset: index, message: "'\(character)' is not a digit, '*', '#', X, Z, N, [..], '.' or '!'")
                }
                positions.append(1 << UInt16(key.rawValue))
            }
            index += 1
        }
        guard !positions.isEmpty || rest != nil else { throw SyntaxError(offset: 0, message: "an empty pattern matches nothing") }
        self.positions = positions
        restMinimum = rest
    }
}
