import AttendantMenu
import AttendantSpeech
import AttendantSyntax
import Foundation
import PropertyBased
import Testing

// The menu compiler under random and mutated files: it always returns, soon, with
// diagnostics at real places of real files, a program exactly when there is no error,
// the same answer twice, and a program whose instructions only point at what exists.
//
// `make test` runs a few thousand inputs; `make fuzz` sets ATTENDANT_FUZZ_ITERATIONS
// (inputs in all, shared by the fuzz tests). ATTENDANT_FUZZ_SEED=N replays the one
// input a failure names ("seed N").

// MARK: - Settings

enum FuzzSettings {
    /// Inputs per `make test` run, over all the fuzz tests.
    static let boundedIterations = 3000

    static var iterations: Int {
        ProcessInfo.processInfo.environment["ATTENDANT_FUZZ_ITERATIONS"].flatMap { Int($0) }
            .map { max($0, 1) } ?? boundedIterations
    }

    /// A seed to replay instead of random ones.
    static var replaySeed: UInt64? {
        ProcessInfo.processInfo.environment["ATTENDANT_FUZZ_SEED"].flatMap { UInt64($0) }
    }

    /// Hang guard for one compilation (not a performance bound).
    static let timeLimit: Duration = .seconds(2)
}

// MARK: - Randomness

/// SplitMix64: every input is made from one 64-bit seed, so a failure names a seed
/// that reproduces it.
struct FuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func below(_ bound: Int) -> Int { Int.random(in: 0..<max(bound, 1), using: &self) }
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

// MARK: - Vocabulary

enum FuzzVocabulary {
    static let keywords = [
        "entry", "menu", "play", "wait", "attempts", "on", "when", "collect", "terminator", "between",
        "valid", "luhn", "matches", "say", "set", "language", "languages", "list", "schedule", "timezone",
        "holiday", "include", "goto", "back", "repeat", "hangup", "ignore", "queue", "agent", "extension",
        "voicemail", "record", "callback", "survey", "transfer", "not", "is", "in", "starts-with",
        "anonymous", "empty", "caller", "open", "closed", "digits", "number", "duration", "time", "date",
        "masculine", "feminine", "neuter", "none", "invalid", "timeout", "failure", "collected",
        "mon", "tue", "sat", "sun", "mon-fri", "mon,wed", "sat-sun", "fri-mon",
    ]
    static let names = [
        "main", "sales", "support", "card", "office", "vip", "blocked", "spam", "pick-language", "speak",
        "operator", "extra", "x", "a1", "tier", "account", "christmas", "company-day", "mian", "sale",
        "ofice", "cards", "en", "ru", "fr", "e", "_", "-", "./x", "a/b", "1abc", "ru-RU",
    ]
    /// What `resolvePrompt` knows, in id order.
    static let prompts = [
        "welcome", "main-options", "sales", "support", "hours", "invalid-option", "are-you-still-there",
        "thank-you", "goodbye", "please-try-again", "closed", "try-later", "blocked", "enter-number",
        "thank-you-entered", "not-available",
    ]
    static let numbers = [
        "0", "1", "3", "4", "9", "19", "24", "25", "99", "100", "0000", "5550100", "4-19", "1-24", "19-4",
        "0-3", "-1", "+3", "1.5", "007", "123456789012345678901234567890", "4-", "-", "2026", "12-25",
        "2026-06-12", "02-30", "13-01", "0000-01-01",
    ]
    static let durations = [
        "5s", "500ms", "1.5s", "0s", "100ms", "600s", "601s", "99ms", "5", "s", "ms", "1e3s", "nans",
        "infs", "-5s", "5.s", ".5s", "1e400s", "5sms",
    ]
    static let times = [
        "09:00-17:00", "22:00-02:00", "00:00-24:00", "24:00-01:00", "9:00-9:00", "25:61-26:00", "09:00",
        "09:00-", "-17:00", "14:00-17:00,", "10:00-14:00", "12:00-00:00",
    ]
    static let keys = ["0", "1", "2", "5", "9", "*", "#", "A", "B", "C", "D", "a", "E", "10"]
    static let strings = [
        "\"8800XXXXXXX\"", "\"4X.\"", "\"[1-5]!\"", "\"[137]XX\"", "\"[\"", "\"[]\"", "\"[5-2]\"", "\"[1-\"",
        "\"X.X\"", "\"\"", "\"A1\"", "\"*#\"", "\"America/New_York\"", "\"Europe/Mosow\"", "\"UTC\"",
        "\"lists.menu\"", "\"a.menu\"", "\"b.menu\"", "\"sub/c.menu\"", "\"missing.menu\"", "\"main.menu\"",
        "\"/abs.menu\"", "\"", "\"unterminated", "\"[0-\u{4E07}]\"", "\"1\u{301}\"", "\"[\u{2469}]\"",
        "\"\u{0663}\"", "\"x\"",
    ]
    static let symbols = ["{", "}", ":", ";", ",", "*", "#", "{", "}", ":"]
    static let spaces = [" ", " ", " ", "  ", "\t", "\r", "\r\n", "\n", "\n", "\n\n"]
    static let comments = ["// comment", "//", "// } {", "/", "///x"]

    /// Characters that have tripped up lexers: combining marks on digits, other
    /// scripts' digits, numeric symbols, invisible and line-breaking characters.
    static let oddCharacters: [String] = [
        "1\u{301}", "5\u{20E3}", "#\u{FE0F}\u{20E3}", "\u{0663}", "\u{2460}", "\u{2469}", "\u{00B2}", "\u{00BD}",
        "\u{4E07}", "\u{200D}", "\u{FEFF}", "\u{0000}", "\u{0085}", "\u{2028}", "\u{00A0}", "\u{0301}",
        "\u{1F600}", "\u{1F1F7}\u{1F1FA}", "\u{D55C}", "\u{0416}", "\u{03A9}", "\u{FF11}", "\u{E9}",
        "e\u{301}", "\u{7F}", "\u{1B}", "\\", "'", "\"", "@", "$", "!", "?", "(", ")", "[", "]", "=", "<", "+",
    ]

    static func randomUnicode(_ random: inout FuzzRandom) -> String {
        if random.chance(0.6) { return random.pick(oddCharacters) }
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0xA0...0x24F, 0x300...0x36F, 0x400...0x4FF,
                                             0x2000...0x206F, 0x3040...0x30FF, 0x4E00...0x4E20, 0x1F300...0x1F64F]
        let range = random.pick(ranges)
        let value = UInt32.random(in: range, using: &random)
        return Unicode.Scalar(value).map { String(Character($0)) } ?? "?"
    }
}

// MARK: - Inputs

/// One input: the main file and the files `include` can read.
struct FuzzInput: CustomStringConvertible {
    static let mainFile = "main.menu"

    var seed: UInt64
    var kind: String
    var main: String
    var files: [String: String]
    /// Whether the catalogue has the `not-available` prompt declared actions need.
    var hasNotAvailable = true

    var description: String {
        var text = "seed \(seed) (\(kind)); replay with ATTENDANT_FUZZ_SEED=\(seed)\n--- \(Self.mainFile)\n\(main)"
        for name in files.keys.sorted() { text += "\n--- \(name)\n\(files[name]!)" }
        return text
    }
}

enum FuzzSources {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The version 2 example of docs/menu-language.md (the block with `include "lists.menu"`).
    static let documentedExample: String = {
        let text = (try? String(contentsOf: root.appendingPathComponent("docs/menu-language.md"), encoding: .utf8)) ?? ""
        let blocks = text.components(separatedBy: "```")
        return blocks.first { $0.contains("include \"lists.menu\"") }.map { String($0.drop { $0 != "\n" }.dropFirst()) } ?? ""
    }()

    static let demo: String =
        (try? String(contentsOf: root.appendingPathComponent("examples/demo.menu"), encoding: .utf8)) ?? ""

    /// What the documented example includes: the lists and menus it names but does not define.
    static let lists = """
        list spam {
            starts-with 900
            900555
        }
        list vip {
            matches "777XXXX"
            starts-with 7495
        }
        menu operator {
            play sales
            on #: hangup
            on 0: transfer 5551234
        }
        menu speak {
            play welcome
            on 1: say number 21 feminine
            on 2: say duration 180
            on 3: say time 1430; say date 20261225
            on #: back
        }
        """

    /// Small files of our own that compile without errors.
    static let own = [
        """
        entry start
        menu start {
            play welcome
            on 1: goto start
            on 2: hangup
        }
        """,
        """
        languages ru, en
        list vip {
            5551234
            starts-with 7
            matches "8[0-4]ZN!"
        }
        when not caller in vip: set tier 0
        when caller in vip: set tier 1; goto greet
        when caller is 5550000: hangup
        when caller matches "900.": ignore
        entry greet
        menu greet {
            when tier is 1: play thank-you
            when language is ru: play hours
            when not tier empty: play sales
            play welcome, main-options
            wait 2.5s
            attempts 5
            on 1: language en; repeat
            on 2: language ru; goto greet
            on A: agent billing
            on B: extension 204; hangup
            on C: voicemail 100
            on D: record
            on *: callback
            on 0: survey quality; back
            on #: say digits tier; say number tier neuter
            on invalid: play invalid-option
            on timeout: play are-you-still-there; repeat
            on failure: play goodbye; hangup
        }
        """,
        """
        include "a.menu"
        schedule office {
            timezone "Europe/Moscow"
            mon-fri 09:00-13:00, 14:00-18:00
            sat 10:00-14:00
            sun closed
            holiday new-year 01-01
            holiday once 2026-06-12
        }
        entry main
        menu main {
            when office is holiday new-year: play closed; hangup
            when office is holiday: play closed; hangup
            when not office is open: play try-later; hangup
            play enter-number
            collect account 6 digits
            terminator none
            between 1500ms
            valid matches "[1-9]XXXX[02468]"
            on collected: set copy account; say digits copy; goto extra
            on invalid: play invalid-option; repeat
            on failure: hangup
        }
        """,
    ]

    /// What `include` can read, besides lists.menu: a cycle (a -> b -> a) and a folder.
    static let includeNames = ["a.menu", "b.menu", "sub/c.menu", "sub/d.menu"]

    static let extraMenu = """
        include "b.menu"
        menu extra {
            play support
            on 1: goto extra
            on 2: hangup
        }
        """

    static var cleanSources: [String] { [documentedExample, demo] + own }
}

enum FuzzGenerator {
    // MARK: token soup

    static func soup(_ random: inout FuzzRandom, pieces: ClosedRange<Int> = 0...160) -> String {
        var text = ""
        for _ in 0..<random.int(pieces) {
            let piece: String = switch random.below(100) {
            case 0..<30: random.pick(FuzzVocabulary.keywords)
            case 30..<42: random.pick(FuzzVocabulary.names)
            case 42..<47: random.pick(FuzzVocabulary.prompts)
            case 47..<53: random.pick(FuzzVocabulary.numbers)
            case 53..<57: random.pick(FuzzVocabulary.durations)
            case 57..<60: random.pick(FuzzVocabulary.times)
            case 60..<64: random.pick(FuzzVocabulary.keys)
            case 64..<69: random.pick(FuzzVocabulary.strings)
            case 69..<82: random.pick(FuzzVocabulary.symbols)
            case 82..<95: random.pick(FuzzVocabulary.spaces)
            case 95..<97: random.pick(FuzzVocabulary.comments)
            default: FuzzVocabulary.randomUnicode(&random)
            }
            text += piece
            // Mostly words apart, sometimes glued together.
            if random.chance(0.8) { text += random.chance(0.85) ? " " : random.pick(FuzzVocabulary.spaces) }
        }
        return text
    }

    // MARK: programs from the grammar

    /// A file from the grammar, with names that mostly resolve: it often compiles, so
    /// the checker and the code generator see it whole.
    static func program(_ random: inout FuzzRandom) -> String {
        let menuCount = random.int(1...5)
        let menus = (0..<menuCount).map { $0 == 0 ? "main" : random.pick(["m\($0)", "sales\($0)", "card\($0)"]) }
        var lines: [String] = []
        let haveLists = random.chance(0.5), haveSchedule = random.chance(0.4), haveLanguages = random.chance(0.6)
        if random.chance(0.3) { lines.append("include \"\(random.pick(["a.menu", "lists.menu", "sub/c.menu"]))\"") }
        let languages = haveLanguages ? random.pick([["en", "ru"], ["ru", "en"], ["ru"]]) : ["en"]
        if haveLanguages { lines.append("languages " + languages.joined(separator: ", ")) }
        if haveLists {
            lines.append("list good {")
            for _ in 0..<random.int(0...3) {
                lines.append("    " + random.pick(["5551234", "starts-with 7495", "matches \"8800XXXXXXX\"", "matches \"[2-4]N!\""]))
            }
            lines.append("}")
        }
        if haveSchedule {
            lines += ["schedule office {", "    timezone \"\(random.pick(["America/New_York", "UTC", "Asia/Tokyo"]))\""]
            if random.chance(0.8) { lines.append("    mon-fri 09:00-13:00, 14:00-17:00") }
            if random.chance(0.5) { lines.append("    sat 22:00-02:00") }
            if random.chance(0.5) { lines.append("    holiday christmas 12-25") }
            lines.append("}")
        }
        func condition(_ random: inout FuzzRandom, fileLevel: Bool) -> String {
            var options = ["caller anonymous", "caller is 5551234", "caller starts-with 7", "caller matches \"9XX.\"",
                           "language is \(random.pick(languages))"]
            if haveLists { options.append("caller in good") }
            if haveSchedule { options += ["office is open", "office is closed", "office is holiday"] }
            if !fileLevel || random.chance(0.3) { options += ["v empty", "v is 12", "v starts-with 4", "v is v"] }
            return (random.chance(0.2) ? "not " : "") + random.pick(options)
        }
        func action(_ random: inout FuzzRandom, fileLevel: Bool) -> String {
            var steps: [String] = []
            for _ in 0..<random.int(0...3) {
                steps.append(random.pick([
                    "play \(random.pick(FuzzVocabulary.prompts))",
                    "play \(random.pick(FuzzVocabulary.prompts)), \(random.pick(FuzzVocabulary.prompts))",
                    "say \(random.pick(["number", "digits", "duration", "time", "date"])) \(random.pick(["v", "42", "1430"]))",
                    "say number v \(random.pick(["feminine", "neuter", "masculine"]))",
                    "set v \(random.pick(["1", "v", "42"]))",
                    "set w\(random.int(0...2)) v",
                    "language \(random.pick(languages))",
                    "queue support", "transfer 5551234", "record", "callback", "agent bob", "survey s",
                ]))
            }
            var transfers = ["goto \(random.pick(menus))", "hangup", ""]
            if !fileLevel { transfers += ["repeat", "back"] }
            let transfer = random.pick(transfers)
            if !transfer.isEmpty || steps.isEmpty { steps.append(transfer.isEmpty ? "hangup" : transfer) }
            return steps.joined(separator: "; ")
        }
        lines.append("when caller is 0: set v 1")  // the variable conditions test
        for _ in 0..<random.int(0...3) {
            lines.append("when \(condition(&random, fileLevel: true)): \(action(&random, fileLevel: true))")
        }
        if random.chance(0.2) { lines.append("when caller \(random.pick(["anonymous", "is 1", "starts-with 900"])): ignore") }
        lines.append("entry \(random.chance(0.95) ? "main" : random.pick(menus))")
        for menu in menus {
            lines.append("menu \(menu) {")
            for _ in 0..<random.int(0...2) { lines.append("    when \(condition(&random, fileLevel: false)): \(action(&random, fileLevel: false))") }
            if random.chance(0.8) {
                lines.append("    play " + (0..<random.int(1...3)).map { _ in random.pick(FuzzVocabulary.prompts) }.joined(separator: ", "))
            }
            if random.chance(0.3) { lines.append("    wait \(random.pick(["5s", "1.5s", "800ms", "600s"]))") }
            if random.chance(0.3) { lines.append("    attempts \(random.int(1...99))") }
            if random.chance(0.25) {
                let variable = random.pick(["v", "pin", "card"])
                let low = random.int(1...24)
                lines.append("    collect \(variable) \(random.chance(0.5) ? "\(low)" : "\(low)-\(random.int(low...24))") digits")
                if random.chance(0.5) { lines.append("    terminator \(random.pick(["#", "*", "none", "5", "A"]))") }
                if random.chance(0.4) { lines.append("    between \(random.pick(["3s", "250ms"]))") }
                if random.chance(0.4) { lines.append("    valid \(random.pick(["luhn", "matches \"4X.\"", "matches \"[1-3]!\""]))") }
                lines.append("    on collected: \(action(&random, fileLevel: false))")
            } else {
                var used = Set<String>()
                for _ in 0..<random.int(0...6) {
                    let key = random.pick(["0", "1", "2", "3", "9", "*", "#", "A", "D"])
                    guard used.insert(key).inserted else { continue }
                    lines.append("    on \(key): \(action(&random, fileLevel: false))")
                }
            }
            for event in ["invalid", "timeout", "failure"] where random.chance(0.3) {
                lines.append("    on \(event): \(action(&random, fileLevel: false))")
            }
            lines.append("}")
        }
        return lines.joined(separator: "\n") + (random.chance(0.5) ? "\n" : "")
    }

    // MARK: mutations

    /// Words, strings, symbols, spaces and line ends, so that joining them gives the text back.
    static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var inString = false
        func flush() { if !current.isEmpty { pieces.append(current); current = "" } }
        for character in text {
            if inString {
                current.append(character)
                if character == "\"" || character == "\n" { inString = false; flush() }
            } else if character == "\"" {
                flush(); current.append(character); inString = true
            } else if Lexer.isWordCharacter(character) {
                if let last = current.last, !Lexer.isWordCharacter(last) { flush() }
                current.append(character)
            } else {
                flush(); pieces.append(String(character))
            }
        }
        flush()
        return pieces
    }

    static func mutate(_ source: String, _ random: inout FuzzRandom) -> String {
        var text = source
        for _ in 0..<random.int(1...4) {
            var tokens = pieces(of: text)
            var lines = text.components(separatedBy: "\n")
            switch random.below(13) {
            case 0 where !tokens.isEmpty:  // delete a token
                tokens.remove(at: random.below(tokens.count))
                text = tokens.joined()
            case 1 where !tokens.isEmpty:  // duplicate a token
                let index = random.below(tokens.count)
                tokens.insert(tokens[index], at: index)
                text = tokens.joined()
            case 2 where tokens.count > 1:  // swap two tokens
                tokens.swapAt(random.below(tokens.count), random.below(tokens.count))
                text = tokens.joined()
            case 3 where !lines.isEmpty:  // delete a line
                lines.remove(at: random.below(lines.count))
                text = lines.joined(separator: "\n")
            case 4 where !lines.isEmpty:  // duplicate a line
                let index = random.below(lines.count)
                lines.insert(lines[index], at: random.below(lines.count + 1))
                text = lines.joined(separator: "\n")
            case 5 where lines.count > 1:  // swap two lines
                lines.swapAt(random.below(lines.count), random.below(lines.count))
                text = lines.joined(separator: "\n")
            case 6:  // insert a keyword
                let word = random.pick(FuzzVocabulary.keywords)
                tokens.insert(random.chance(0.7) ? " \(word) " : word, at: random.below(tokens.count + 1))
                text = tokens.joined()
            case 7:  // cut the file
                text = String(text.prefix(random.below(text.count + 1)))
            case 8 where !text.isEmpty:  // flip a character
                var characters = Array(text)
                let replacement: [Character] = switch random.below(3) {
                case 0: Array(FuzzVocabulary.randomUnicode(&random))
                case 1: Array(random.pick(FuzzVocabulary.symbols + FuzzVocabulary.spaces))
                default: [random.pick(Array("0123456789XZN.!-[]#*\"abcdefs:;,{}"))]
                }
                let index = random.below(characters.count)
                characters.replaceSubrange(index..<index + 1, with: replacement)
                text = String(characters)
            case 9:  // insert a little soup
                tokens.insert(" " + soup(&random, pieces: 1...6) + " ", at: random.below(tokens.count + 1))
                text = tokens.joined()
            case 10 where !tokens.isEmpty:  // replace a word by another name or prompt
                let words = tokens.indices.filter { tokens[$0].first.map(Lexer.isWordCharacter) == true }
                guard let index = words.isEmpty ? nil : random.pick(words) else { break }
                tokens[index] = random.pick(FuzzVocabulary.names + FuzzVocabulary.prompts + FuzzVocabulary.keys)
                text = tokens.joined()
            case 11:  // an include somewhere
                let name = random.pick(["a.menu", "b.menu", "lists.menu", "missing.menu", "sub/c.menu", "main.menu"])
                lines.insert("include \"\(name)\"", at: random.below(lines.count + 1))
                text = lines.joined(separator: "\n")
            default:  // splice in part of another clean source
                let other = random.pick(FuzzSources.cleanSources).components(separatedBy: "\n")
                let start = random.below(other.count)
                let piece = other[start..<min(other.count, start + random.int(1...8))]
                lines.insert(contentsOf: piece, at: random.below(lines.count + 1))
                text = lines.joined(separator: "\n")
            }
        }
        return text
    }

    // MARK: whole inputs

    static func files(_ random: inout FuzzRandom, soupy: Bool) -> [String: String] {
        func body(_ random: inout FuzzRandom) -> String {
            switch random.below(4) {
            case 0: soup(&random, pieces: 0...40)
            case 1: mutate(FuzzSources.extraMenu, &random)
            default: FuzzSources.extraMenu
            }
        }
        var files: [String: String] = [:]
        files["lists.menu"] = random.chance(soupy ? 0.5 : 0.2) ? mutate(FuzzSources.lists, &random) : FuzzSources.lists
        files["a.menu"] = random.chance(0.2) ? body(&random) : FuzzSources.extraMenu
        files["b.menu"] = "include \"a.menu\"\n" + (random.chance(0.3) ? soup(&random, pieces: 0...30) : "")
        files["sub/c.menu"] = "include \"d.menu\"\n" + (random.chance(0.5) ? soup(&random, pieces: 0...30) : "list sub { 1 }")
        files["sub/d.menu"] = "include \"c.menu\"\n" + (soupy ? "include \"../a.menu\"\n" : "") + (random.chance(0.3) ? body(&random) : "")
        return files
    }

    static func soupInput(seed: UInt64) -> FuzzInput {
        var random = FuzzRandom(seed: seed)
        var main = soup(&random)
        if random.chance(0.3) {
            main = "include \"\(random.pick(["a.menu", "lists.menu", "sub/c.menu", "missing.menu"]))\"\n" + main
        }
        return FuzzInput(seed: seed, kind: "token soup", main: main, files: files(&random, soupy: true),
                         hasNotAvailable: random.chance(0.9))
    }

    static func mutatedInput(seed: UInt64) -> FuzzInput {
        var random = FuzzRandom(seed: seed)
        let base: String, kind: String
        if random.chance(0.5) {
            let index = random.below(FuzzSources.cleanSources.count)
            base = FuzzSources.cleanSources[index]
            kind = "mutated clean source \(index)"
        } else {
            base = program(&random)
            kind = "grammar program"
        }
        let mutated = random.chance(0.75) ? mutate(base, &random) : base
        return FuzzInput(seed: seed, kind: kind, main: mutated, files: files(&random, soupy: false),
                         hasNotAvailable: random.chance(0.9))
    }
}

// MARK: - Properties

enum FuzzOracle {
    /// Compiles `input` and returns the compilation, the files read and the time taken.
    static func compile(_ input: FuzzInput) -> (compilation: MenuCompilation, read: Set<String>, elapsed: Duration) {
        final class Reads { var names: Set<String> = [] }
        let reads = Reads()
        let prompts = FuzzVocabulary.prompts.filter { input.hasNotAvailable || $0 != MenuCompiler.notAvailablePrompt }
        let environment = MenuCompiler.Environment(languages: ["en", "ru"], readFile: { name in
            guard let text = input.files[name] else { return nil }
            reads.names.insert(name)
            return text
        }, resolvePrompt: { name in
            if name == "broken" { return .unusable(reason: "broken.wav: not a RIFF file") }
            return prompts.firstIndex(of: name).map(PromptLookup.found) ?? .unknown
        })
        let clock = ContinuousClock()
        let start = clock.now
        let compilation = MenuCompiler.compile(source: input.main, file: FuzzInput.mainFile, environment: environment)
        return (compilation, reads.names, clock.now - start)
    }

    /// Everything wrong with one compilation of `input`; empty when the properties hold.
    static func problems(_ input: FuzzInput) -> [String] { check(input).problems }

    static func check(_ input: FuzzInput) -> (problems: [String], compiled: Bool) {
        let (compilation, read, elapsed) = compile(input)
        var problems: [String] = []
        if elapsed >= FuzzSettings.timeLimit { problems.append("compiling took \(elapsed)") }
        let texts = input.files.merging([FuzzInput.mainFile: input.main]) { _, main in main }
        for diagnostic in compilation.diagnostics {
            let location = diagnostic.location
            guard location.file == FuzzInput.mainFile || read.contains(location.file), let text = texts[location.file] else {
                problems.append("\(diagnostic): not in a file that was compiled")
                continue
            }
            if diagnostic.message.isEmpty { problems.append("\(diagnostic): no message") }
            let lines = Self.lines(of: text)
            if location.line < 1 || location.line > lines.count {
                problems.append("\(diagnostic): line out of 1...\(lines.count)")
            } else if location.column < 1 || location.column > lines[location.line - 1] + 1 {
                problems.append("\(diagnostic): column out of 1...\(lines[location.line - 1] + 1)")
            }
        }
        if (compilation.program != nil) != compilation.errors.isEmpty {
            problems.append("a program \(compilation.program == nil ? "is missing without" : "came with") errors")
        }
        let again = compile(input).compilation
        if again.diagnostics != compilation.diagnostics {
            problems.append("a second compilation differs: \(again.diagnostics) vs \(compilation.diagnostics)")
        }
        if again.program?.version != compilation.program?.version || again.program?.code != compilation.program?.code {
            problems.append("a second compilation gives another program")
        }
        if let program = compilation.program {
            problems += ProgramCodeChecker.problems(program, promptCount: FuzzVocabulary.prompts.count)
        }
        return (problems, compilation.program != nil)
    }

    /// Characters per line, as the lexer counts them (a line ends at "\n" or "\r\n").
    static func lines(of text: String) -> [Int] {
        var lines = [0]
        for character in text {
            if character == "\n" || character == "\r\n" { lines.append(0) } else { lines[lines.count - 1] += 1 }
        }
        return lines
    }
}

/// Whether a program's instructions only reference what exists.
enum ProgramCodeChecker {
    static func problems(_ program: MenuProgram, promptCount: Int) -> [String] {
        let code = program.code
        var problems: [String] = []
        let count = code.instructions.count
        func inRange(_ value: some BinaryInteger, _ limit: Int) -> Bool { value >= 0 && Int(value) < limit }
        func check(_ condition: Bool, _ problem: @autoclosure () -> String) { if !condition { problems.append(problem()) } }

        check(count > 0, "no instructions")
        check(code.menus.count == program.menus.count, "\(code.menus.count) dispatch tables for \(program.menus.count) menus")
        check(inRange(program.entry, program.menus.count), "entry \(program.entry) out of range")

        for (pc, instruction) in code.instructions.enumerated() {
            let (a, b, c) = (instruction.a, instruction.b, instruction.c)
            let place = "instruction \(pc) '\(instruction)'"
            switch instruction.opcode {
            case .enterMenu, .gotoMenu:
                check(inRange(a, program.menus.count), "\(place): no menu \(a)")
            case .waitForKey, .collect:
                if inRange(a, program.menus.count) {
                    check((program.menus[Int(a)].collect != nil) == (instruction.opcode == .collect),
                          "\(place): menu \(a) \(program.menus[Int(a)].collect == nil ? "does not collect" : "collects")")
                } else {
                    problems.append("\(place): no menu \(a)")
                }
            case .play:
                check(inRange(a, promptCount), "\(place): no prompt \(a)")
            case .say:
                check(SayKind(rawValue: UInt8(clamping: a)) != nil && a >= 0, "\(place): no say kind \(a)")
                check(inRange(b, code.values.count), "\(place): no value \(b)")
                check(GrammaticalGender(rawValue: UInt8(clamping: c)) != nil && c >= 0, "\(place): no gender \(c)")
            case .set:
                check(inRange(a, program.variables.count), "\(place): no variable \(a)")
                check(inRange(b, code.values.count), "\(place): no value \(b)")
            case .setLanguage:
                check(inRange(a, program.languages.count), "\(place): no language \(a)")
            case .request:
                check(inRange(a, code.requests.count), "\(place): no request \(a)")
            case .branch:
                check(inRange(a, code.conditions.count), "\(place): no condition \(a)")
                check(inRange(b, count), "\(place): branch target \(b) out of range")
            case .jump:
                check(inRange(a, count), "\(place): jump target \(a) out of range")
            case .back, .hangup, .ignore, .replay, .goOn:
                break
            }
            // An instruction that goes on to the next one must have a next one.
            let goesOn: Bool = switch instruction.opcode {
            case .enterMenu, .play, .say, .set, .setLanguage, .request, .branch: true
            default: false
            }
            check(!goesOn || pc + 1 < count, "\(place): runs off the end of the code")
        }

        for (index, dispatch) in code.menus.enumerated() {
            let place = "menu \(index)"
            if inRange(dispatch.entry, count) {
                check(code.instructions[Int(dispatch.entry)] == Instruction(.enterMenu, Int32(index)),
                      "\(place): entry \(dispatch.entry) is not 'enterMenu \(index)'")
            } else {
                problems.append("\(place): entry \(dispatch.entry) out of range")
            }
            check(inRange(dispatch.replay, count), "\(place): replay \(dispatch.replay) out of range")
            check(dispatch.keys.count == 16, "\(place): \(dispatch.keys.count) key handlers")
            for (key, handler) in dispatch.keys.enumerated() {
                check(handler == -1 || inRange(handler, count), "\(place): key \(key) handler \(handler) out of range")
                if index < program.menus.count {
                    check((handler != -1) == (program.menus[index].keyActions[key] != nil),
                          "\(place): key \(key) handler \(handler) disagrees with the menu")
                }
            }
            for (name, handler) in [("invalid", dispatch.invalid), ("timeout", dispatch.timeout), ("failure", dispatch.failure)] {
                check(inRange(handler, count), "\(place): \(name) handler \(handler) out of range")
            }
            if index < program.menus.count {
                let collects = program.menus[index].collect != nil
                check(collects ? inRange(dispatch.collected, count) : dispatch.collected == -1,
                      "\(place): collected handler \(dispatch.collected)")
                if let collect = program.menus[index].collect {
                    check(inRange(collect.variable, program.variables.count), "\(place): collects into no variable \(collect.variable)")
                    check(1 <= collect.minDigits && collect.minDigits <= collect.maxDigits && collect.maxDigits <= MenuCompiler.maximumDigits,
                          "\(place): collects \(collect.minDigits)-\(collect.maxDigits) digits")
                }
            }
        }

        func checkValue(_ value: ValueSource, _ place: String) {
            if case .variable(let variable) = value {
                check(inRange(variable, program.variables.count), "\(place): no variable \(variable)")
            }
        }
        func checkTest(_ test: NumberTest, _ place: String) {
            switch test {
            case .equals(let value): checkValue(value, place)
            case .inList(let list): check(inRange(list, program.lists.count), "\(place): no list \(list)")
            case .startsWith, .matches, .empty: break
            }
        }
        func checkCondition(_ condition: Condition, _ place: String) {
            switch condition {
            case .caller(let test): checkTest(test, place)
            case .variable(let variable, let test):
                check(inRange(variable, program.variables.count), "\(place): no variable \(variable)")
                checkTest(test, place)
            case .language(let language): check(inRange(language, program.languages.count), "\(place): no language \(language)")
            case .schedule(let schedule, _): check(inRange(schedule, program.schedules.count), "\(place): no schedule \(schedule)")
            case .not(let inner): checkCondition(inner, place)
            }
        }
        for (index, condition) in code.conditions.enumerated() { checkCondition(condition, "condition \(index)") }
        for (index, value) in code.values.enumerated() { checkValue(value, "value \(index)") }
        for condition in code.ignoreConditions {
            check(inRange(condition, code.conditions.count), "ignore condition \(condition) out of range")
        }
        // The model the code was made from points at real menus too.
        for (index, menu) in program.menus.enumerated() {
            for action in menu.allActions {
                if case .goto(let target) = action.transfer {
                    check(inRange(target, program.menus.count), "menu \(index): goto \(target) out of range")
                }
            }
        }
        return problems
    }
}

// MARK: - Tests

@Suite struct MenuCompilerFuzzTests {
    static let seeds = Generator(run: { random in random.next() })

    /// Runs the properties on `count` inputs made by `make`, or on the replayed seed.
    /// A crash ends the test process before any expectation can name the input, so
    /// the input being compiled is kept in a file (`name`, in the temporary folder).
    private func fuzz(_ name: String, count: Int, _ make: @escaping (UInt64) -> FuzzInput) async -> (inputs: Int, programs: Int) {
        var inputs = 0, programs = 0
        if let seed = FuzzSettings.replaySeed {
            let input = make(seed)
            let problems = FuzzOracle.problems(input)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\n\(input)")
            return (1, 0)
        }
        let current = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        print("MenuCompilerFuzzTests: should the compiler crash or hang, the input it was compiling is in \(current)")
        await propertyCheck(count: count, input: Self.seeds) { seed in
            let input = make(seed)
            FileManager.default.createFile(atPath: current, contents: Data(input.description.utf8))
            let (problems, compiled) = FuzzOracle.check(input)
            inputs += 1
            if compiled { programs += 1 }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\n\(input)")
        }
        return (inputs, programs)
    }

    @Test func theCleanSourcesCompileWithoutErrors() throws {
        #expect(!FuzzSources.documentedExample.isEmpty, "the version 2 example is missing from docs/menu-language.md")
        #expect(!FuzzSources.demo.isEmpty, "examples/demo.menu is missing")
        for (index, source) in FuzzSources.cleanSources.enumerated() {
            var random = FuzzRandom(seed: UInt64(index))
            var files = FuzzGenerator.files(&random, soupy: false)
            files["lists.menu"] = FuzzSources.lists
            files["a.menu"] = FuzzSources.extraMenu
            let input = FuzzInput(seed: 0, kind: "clean source \(index)", main: source, files: files)
            let compilation = FuzzOracle.compile(input).compilation
            #expect(compilation.errors.isEmpty, "\(compilation.errors)\n\(input)")
            #expect(FuzzOracle.problems(input).isEmpty, "\(FuzzOracle.problems(input))")
        }
    }

    @Test func theIncludeCycleIsReadOnce() throws {
        let input = FuzzInput(seed: 0, kind: "include cycle", main: "include \"sub/c.menu\"\n" + FuzzSources.own[2],
                              files: ["a.menu": FuzzSources.extraMenu, "b.menu": "include \"a.menu\"\n",
                                      "sub/c.menu": "include \"d.menu\"\n", "sub/d.menu": "include \"c.menu\"\n"])
        let (compilation, read, _) = FuzzOracle.compile(input)
        #expect(compilation.diagnostics.map(\.description) == [])
        #expect(read == ["a.menu", "b.menu", "sub/c.menu", "sub/d.menu"])
        #expect(compilation.program?.menus.map(\.name) == ["main", "extra"])
    }

    @Test func randomTokenSoup() async {
        let (inputs, _) = await fuzz("attendant-fuzz-soup.txt", count: FuzzSettings.iterations / 2, FuzzGenerator.soupInput)
        #expect(inputs > 0)
    }

    @Test func mutatedAndGeneratedFiles() async {
        let count = FuzzSettings.iterations - FuzzSettings.iterations / 2
        let (inputs, programs) = await fuzz("attendant-fuzz-mutated.txt", count: count, FuzzGenerator.mutatedInput)
        // The code checker only looks at programs: enough inputs must compile.
        if inputs >= 200 { #expect(programs * 10 >= inputs, "only \(programs) of \(inputs) inputs compiled") }
    }
}

/// Inputs that once crashed the compiler or gave different answers, kept as they were found.
@Suite struct MenuCompilerFuzzFindings {
    private func compile(_ source: String) -> MenuCompilation {
        FuzzOracle.compile(FuzzInput(seed: 0, kind: "finding", main: source, files: [:])).compilation
    }

    /// "1\u{301}" (1 with a combining accent) is one Character that sorts between "1"
    /// and "2", so it passed for a digit and `asciiValue!` trapped.
    @Test(arguments: ["entry main\nmenu main {\n    on 1\u{301}: hangup\n}\n",
                      "entry main\nmenu main {\n    collect v 4 digits\n    terminator 5\u{20E3}\n    on collected: hangup\n}\n",
                      "when caller matches \"1\u{301}\": hangup\nentry main\nmenu main {\n}\n"])
    func aDigitWithACombiningMarkIsNotAKey(source: String) {
        let compilation = compile(source)
        #expect(compilation.program == nil)
        #expect(compilation.errors.count == 1, "\(compilation.diagnostics)")
    }

    /// Digits of other scripts have numeric values too (万 is 10000): only 0-9 are keys.
    @Test func onlyASCIIDigitsInsideBrackets() {
        #expect(compile("when caller matches \"[0-\u{4E07}]\": hangup\nentry main\nmenu main {\n}\n")
            .diagnostics.map(\.description) == ["main.menu:1:25: error: expected a digit from 0 to 9 after '-'"])
        #expect(compile("when caller matches \"[\u{2469}]\": hangup\nentry main\nmenu main {\n}\n")
            .diagnostics.map(\.description) == ["main.menu:1:23: error: expected a digit in '[...]', found '\u{2469}'"])
    }

    /// Swift reads CR LF as one Character, which the lexer took for neither a line end
    /// nor a space: every line of a Windows file was one line, and a comment ran to the
    /// end of the file.
    @Test func windowsLineEndsEndLines() {
        let source = "entry main // the first\r\nmenu main {\r\n    play welcom\r\n}\r\nlist vip {\r\n    matches \"8800X\r\n}\r\n"
        #expect(compile(source).diagnostics.map(\.description) == [
            "main.menu:3:10: error: unknown prompt 'welcom'",
            "main.menu:6:13: error: unterminated string",
        ])
    }

    /// Equally near names were suggested in dictionary order, which changes from one
    /// compilation to the next.
    @Test func theSameSuggestionEveryTime() {
        let source = "entry main\nmenu main {\n    on 1: goto card3\n}\nmenu card1 {\n}\nmenu card8 {\n}\n"
        for _ in 0..<20 {
            #expect(compile(source).errors.map(\.description) == ["main.menu:3:16: error: unknown menu 'card3' (did you mean 'card1'?)"])
        }
    }
}
