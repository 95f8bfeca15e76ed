/// A key on a telephone keypad, including the fourth column (A-D) some phones have.
public enum DTMFKey: UInt8, CaseIterable, Sendable {
    case digit0 = 0, digit1, digit2, digit3, digit4, digit5, digit6, digit7, digit8, digit9
    case star, pound, a, b, c, d

    public init?(character: Character) {
        switch character {
        case "0"..."9" where character.isASCII:  // not "1\u{301}", which sorts between "1" and "2"
            self.init(rawValue: UInt8(character.asciiValue! - Character("0").asciiValue!))
        case "*": self = .star
        case "#": self = .pound
        case "A", "a": self = .a
        case "B", "b": self = .b
        case "C", "c": self = .c
        case "D", "d": self = .d
        default: return nil
        }
    }

    public var character: Character {
        Array("0123456789*#ABCD")[Int(rawValue)]
    }
}
