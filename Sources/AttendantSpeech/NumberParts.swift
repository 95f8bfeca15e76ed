// Pieces of number grammar that more than one language shares. All of them run
// on the media thread: integer arithmetic and appends to `SpokenWords`, nothing else.

/// Numbers from this magnitude up are said digit by digit: no language here has
/// words past the billions.
var spokenNumberLimit: UInt { @_noLocks get { 1_000_000_000_000 } }

/// A number split into groups of three digits, as most languages say it.
struct ThousandGroups {
    let billions: UInt
    let millions: UInt
    let thousands: UInt
    let units: UInt

    /// `magnitude` must be below `spokenNumberLimit`.
    @_noLocks
    init(_ magnitude: UInt) {
        billions = magnitude / 1_000_000_000
        millions = magnitude / 1_000_000 % 1000
        thousands = magnitude / 1000 % 1000
        units = magnitude % 1000
    }
}

/// 1…99 as tens and units ("twenty" "one"); 0 says nothing. `gender` applies to
/// the last word when it is 1 or 2.
@_noLocks
func sayTensAndUnits(_ value: UInt, gender: GrammaticalGender, into words: inout SpokenWords) {
    if value == 0 { return }
    if value <= 20 {
        words.append(.number(Int(value), gender: gender))
        return
    }
    words.append(.number(Int(value / 10 * 10)))
    if value % 10 != 0 { words.append(.number(Int(value % 10), gender: gender)) }
}

/// Every decimal digit of `magnitude`, most significant first.
@_noLocks
func sayEachDigit(of magnitude: UInt, into words: inout SpokenWords) {
    var power: UInt = 1
    while magnitude / power >= 10 { power *= 10 }
    while power > 0 {
        words.append(.number(Int(magnitude / power % 10)))
        power /= 10
    }
}

/// A day of the month, 1…31, as an ordinal: "first", "twenty" "first", "thirtieth".
@_noLocks
func sayOrdinalDay(_ day: Int, into words: inout SpokenWords) {
    if day <= 20 || day == 30 {
        words.append(.ordinal(day))
    } else {
        words.append(.number(day / 10 * 10))
        words.append(.ordinal(day % 10))
    }
}
