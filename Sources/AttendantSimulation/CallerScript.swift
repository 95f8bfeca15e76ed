import AttendantSyntax
import AttendantMenu
import Foundation

/// A scripted caller: what it does and what it expects to hear, line by line.
/// The language is documented in docs/caller-scripts.md.
public struct CallerScript: Sendable {
    public enum Step: Sendable, Equatable {
        case call(port: Int, from: String?)
        case expectPrompt(String, withinSeconds: Double)
        case press(String, toneMilliseconds: Int, gapMilliseconds: Int)
        case wait(seconds: Double)
        case hangUp
        case expectHangUp(withinSeconds: Double)
        case expectSilence(seconds: Double)
        /// Says a catalogue recording down the line (to whoever the call is connected to).
        case say(String)
        /// The script is an office phone's: the one on FXS port `extension` (numbered from 1).
        case phone(extension: Int)
        /// The script is a phone outside the office (a follow-me agent's mobile) that the
        /// exchange rings when a line dials `number`.
        case mobile(number: String)
        /// The phone rings within the time.
        case expectRing(withinSeconds: Double)
        /// The phone, ringing, receives this calling number as caller ID within the time.
        case expectCallerID(String, withinSeconds: Double)
        /// (Phones) the phone, on hook, shows the visual message-waiting indicator on or
        /// off (FSK from the appliance, decoded from what its line carried) within the time.
        case expectMessageWaiting(Bool, withinSeconds: Double)
        /// (Phones, lifted) the dial tone heard is stuttered (new messages) or steady,
        /// judged on its first 1.5 s once it starts within the time.
        case expectDialTone(stutter: Bool, withinSeconds: Double)
        /// (Phones in a call) the phone hears, over the call, that its `*1` started or stopped
        /// a recording or was refused (beeps or congestion tone), within the time.
        case expectRecordingTone(InCallTone, withinSeconds: Double)
        /// The handset is lifted: a ringing phone answers, an idle one hears dial tone.
        case answer
        /// The hook is pressed for 300 ms: consult, transfer, 3-way.
        case flash
    }

    public struct Line: Sendable {
        public var step: Step
        public var location: SourceLocation
        public var text: String
    }

    public static let defaultExpectSeconds = 10.0
    public static let defaultHangUpSeconds = 30.0

    public var file: String
    public var lines: [Line]

    public static func parse(source: String, file: String) throws(ScriptError) -> CallerScript {
        var lines: [Line] = []
        var diagnostics: [Diagnostic] = []
        for (number, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // '#' is a DTMF key, so comments start with '//', as in menu files.
            let text = raw.components(separatedBy: "//").first ?? ""
            var words = Words(text: String(text), file: file, line: number + 1)
            guard words.peek() != nil else { continue }
            do {
                let step = try parseStep(&words)
                lines.append(Line(step: step, location: words.firstLocation,
                                  text: text.trimmingCharacters(in: .whitespaces)))
            } catch {
                diagnostics.append(error)
            }
        }
        if lines.isEmpty && diagnostics.isEmpty {
            diagnostics.append(Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1),
                                          "the script has no steps"))
        }
        // Callers may arrive over time: a script may wait before it begins.
        let first = lines.first { if case .wait = $0.step { false } else { true } }
        switch first?.step {
        case .call?, .phone?, .mobile?, nil: break
        default:
            diagnostics.append(Diagnostic(.error, at: first!.location,
                                          "a script starts with 'call PORT', 'phone EXTENSION' or 'mobile NUMBER' (after any 'wait')"))
        }
        for line in lines.dropFirst() {
            if case .call = line.step, line.location != first?.location {
                diagnostics.append(Diagnostic(.error, at: line.location, "a script places one call: 'call' comes once, first"))
            }
            if case .phone = line.step, line.location != first?.location {
                diagnostics.append(Diagnostic(.error, at: line.location, "'phone' comes once, first"))
            }
            if case .mobile = line.step, line.location != first?.location {
                diagnostics.append(Diagnostic(.error, at: line.location, "'mobile' comes once, first"))
            }
        }
        guard diagnostics.isEmpty else { throw ScriptError(diagnostics: diagnostics) }
        return CallerScript(file: file, lines: lines)
    }

    public static func load(path: String) throws(ScriptError) -> CallerScript {
        do {
            return try parse(source: String(contentsOfFile: path, encoding: .utf8), file: path)
        } catch let error as ScriptError {
            throw error
        } catch {
            throw ScriptError(diagnostics: [Diagnostic(.error, at: SourceLocation(file: path, line: 1, column: 1),
                                                       "cannot read script: \(error.localizedDescription)")])
        }
    }

    private static func parseStep(_ words: inout Words) throws(Diagnostic) -> Step {
        let verb = try words.next("a step")
        switch verb.text {
        case "call":
            let port = try words.integer("a port number", in: 1...64)
            var from: String?
            if try words.keyword("from") {
                let number = try words.next("a caller number")
                guard number.text.allSatisfy({ $0.isNumber || $0 == "+" }) else {
                    throw words.error(at: number, "caller number '\(number.text)' must be digits")
                }
                from = number.text
            }
            try words.end()
            return .call(port: port, from: from)
        case "phone":
            let number = try words.integer("an extension (an FXS port's number)", in: 1...999)
            try words.end()
            return .phone(extension: number)
        case "mobile":
            let number = try words.next("the mobile's phone number")
            guard number.text.count <= 24, number.text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw words.error(at: number, "mobile number '\(number.text)' must be digits (at most 24)")
            }
            try words.end()
            return .mobile(number: number.text)
        case "answer":
            try words.end()
            return .answer
        case "flash":
            try words.end()
            return .flash
        case "expect":
            let what = try words.next("a prompt name, 'ring', 'caller-id', 'message-waiting', 'dial-tone', 'recording-tone', 'hangup' or 'silence'")
            switch what.text {
            case "message-waiting":
                let state = try words.next("'on' or 'off' after 'message-waiting'")
                guard state.text == "on" || state.text == "off" else {
                    throw words.error(at: state, "expected 'on' or 'off' after 'message-waiting', found '\(state.text)'")
                }
                let within = try words.within(default: 10)
                try words.end()
                return .expectMessageWaiting(state.text == "on", withinSeconds: within)
            case "dial-tone":
                let kind = try words.next("'stutter' or 'steady' after 'dial-tone'")
                guard kind.text == "stutter" || kind.text == "steady" else {
                    throw words.error(at: kind, "expected 'stutter' or 'steady' after 'dial-tone', found '\(kind.text)'")
                }
                let within = try words.within(default: 5)
                try words.end()
                return .expectDialTone(stutter: kind.text == "stutter", withinSeconds: within)
            case "recording-tone":
                let kind = try words.next("'started', 'stopped' or 'refused' after 'recording-tone'")
                guard let tone = InCallTone(rawValue: kind.text) else {
                    throw words.error(at: kind, "expected 'started', 'stopped' or 'refused' after 'recording-tone', found '\(kind.text)'")
                }
                let within = try words.within(default: 3)
                try words.end()
                return .expectRecordingTone(tone, withinSeconds: within)
            case "caller-id":
                let number = try words.next("the calling number the phone should show")
                let within = try words.within(default: 10)
                try words.end()
                return .expectCallerID(number.text, withinSeconds: within)
            case "ring":
                let within = try words.within(default: defaultHangUpSeconds)
                try words.end()
                return .expectRing(withinSeconds: within)
            case "hangup":
                let within = try words.within(default: defaultHangUpSeconds)
                try words.end()
                return .expectHangUp(withinSeconds: within)
            case "silence":
                let seconds = try words.seconds()
                try words.end()
                return .expectSilence(seconds: seconds)
            default:
                let within = try words.within(default: defaultExpectSeconds)
                try words.end()
                return .expectPrompt(what.text, withinSeconds: within)
            }
        case "press":
            let digits = try words.next("keys to press")
            guard digits.text.allSatisfy({ "0123456789*#ABCD".contains($0) }) else {
                throw words.error(at: digits, "'\(digits.text)' is not a string of DTMF keys (0-9 * # A-D)")
            }
            var tone = 80, gap = 80
            while let option = words.peek() {
                words.advance()
                switch option.text {
                case "tone": tone = try words.integer("milliseconds", in: 10...2000)
                case "gap": gap = try words.integer("milliseconds", in: 10...5000)
                default: throw words.error(at: option, "expected 'tone MS' or 'gap MS', found '\(option.text)'")
                }
            }
            return .press(digits.text, toneMilliseconds: tone, gapMilliseconds: gap)
        case "wait":
            let seconds = try words.seconds()
            try words.end()
            return .wait(seconds: seconds)
        case "hangup":
            try words.end()
            return .hangUp
        case "say":
            let prompt = try words.next("a prompt to say")
            try words.end()
            return .say(prompt.text)
        default:
            throw words.error(at: verb, "unknown step '\(verb.text)' (call, phone, mobile, expect, answer, press, say, flash, wait, hangup)")
        }
    }
}

public struct ScriptError: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// The words of one script line, with their columns.
private struct Words {
    struct Word {
        var text: String
        var column: Int
    }

    private var words: [Word] = []
    private var index = 0
    let file: String
    let line: Int

    init(text: String, file: String, line: Int) {
        self.file = file
        self.line = line
        var column = 1
        var current = ""
        var start = 1
        for character in text {
            if character == " " || character == "\t" || character == "\r" {
                if !current.isEmpty { words.append(Word(text: current, column: start)) }
                current = ""
            } else {
                if current.isEmpty { start = column }
                current.append(character)
            }
            column += 1
        }
        if !current.isEmpty { words.append(Word(text: current, column: start)) }
    }

    var firstLocation: SourceLocation {
        SourceLocation(file: file, line: line, column: words.first?.column ?? 1)
    }

    func peek() -> Word? { index < words.count ? words[index] : nil }
    mutating func advance() { index += 1 }

    mutating func next(_ expected: String) throws(Diagnostic) -> Word {
        guard let word = peek() else {
            let column = words.last.map { $0.column + $0.text.count + 1 } ?? 1
            throw Diagnostic(.error, at: SourceLocation(file: file, line: line, column: column),
                             "expected \(expected)")
        }
        advance()
        return word
    }

    mutating func keyword(_ keyword: String) throws(Diagnostic) -> Bool {
        guard peek()?.text == keyword else { return false }
        advance()
        return true
    }

    mutating func integer(_ expected: String, in range: ClosedRange<Int>) throws(Diagnostic) -> Int {
        let word = try next(expected)
        guard let value = Int(word.text), range.contains(value) else {
            throw error(at: word, "expected \(expected) from \(range.lowerBound) to \(range.upperBound), found '\(word.text)'")
        }
        return value
    }

    /// `3`, `2.5`, `3s` or `500ms`.
    mutating func seconds() throws(Diagnostic) -> Double {
        let word = try next("a duration in seconds")
        var text = word.text
        var scale = 1.0
        if text.hasSuffix("ms") {
            text.removeLast(2)
            scale = 0.001
        } else if text.hasSuffix("s") {
            text.removeLast()
        }
        guard let value = Double(text), value >= 0, value <= 86_400 else {
            throw error(at: word, "expected a duration in seconds, found '\(word.text)'")
        }
        return value * scale
    }

    mutating func within(default value: Double) throws(Diagnostic) -> Double {
        try keyword("within") ? try seconds() : value
    }

    mutating func end() throws(Diagnostic) {
        if let extra = peek() { throw error(at: extra, "unexpected '\(extra.text)' at the end of the step") }
    }

    func error(at word: Word, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: SourceLocation(file: file, line: line, column: word.column), message)
    }
}
