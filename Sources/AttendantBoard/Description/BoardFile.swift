import AttendantDSP
import AttendantSyntax

/// Reads a board file (`board/*.board`) into a `BoardDescription`, or every mistake
/// in it as `file:line:column` diagnostics. The syntax is the menu language's:
/// statements on lines, `//` comments, blocks in braces.
///
/// ```swift
/// switch BoardFile.parse(source, file: "board/loopback.board") {
/// case .success(let board): print(board.ports.count)
/// case .failure(let problems): problems.diagnostics.forEach { print($0) }
/// }
/// ```
public enum BoardFile {
    public struct Problems: Error, Sendable {
        public var diagnostics: [Diagnostic]
    }

    public static func parse(_ source: String, file: String) -> Result<BoardDescription, Problems> {
        var parser = BoardFileParser(source: source, file: file)
        let board = parser.parse()
        var diagnostics = parser.diagnostics
        if diagnostics.isEmpty, let board {
            diagnostics = BoardFileChecks.problems(in: board, file: file)
            if diagnostics.isEmpty { return .success(board) }
        }
        return .failure(Problems(diagnostics: diagnostics))
    }
}

struct BoardFileParser {
    private var stream: TokenStream
    private(set) var diagnostics: [Diagnostic]
    private var board = BoardDescription(name: "")
    private var named: SourceLocation?

    init(source: String, file: String) {
        var lexer = Lexer(source: source, file: file)
        let (tokens, lexical) = lexer.tokenize()
        stream = TokenStream(tokens: tokens, file: file)
        diagnostics = lexical
    }

    /// The board, or nil when the file does not name it (reported).
    mutating func parse() -> BoardDescription? {
        while true {
            stream.skipNewlines()
            if stream.atEnd { break }
            do {
                try parseStatement()
            } catch {
                diagnostics.append(error)
                stream.recover()
                if stream.current.isSymbol("}") { stream.advance() }
            }
        }
        guard named != nil else {
            diagnostics.append(Diagnostic(.error, at: SourceLocation(file: stream.file, line: 1, column: 1),
                                          "the file does not name its board: start it with board \"NAME\""))
            return nil
        }
        return board
    }

    private mutating func parseStatement() throws(Diagnostic) {
        let keyword = stream.current
        guard let word = keyword.word else { throw stream.error("expected a statement, found \(keyword.quoted)") }
        stream.advance()
        switch word {
        case "board":
            if let named { throw stream.error("a second 'board' (the first is at \(named.line):\(named.column))", at: keyword) }
            named = stream.location(of: keyword)
            board.name = try stream.expectString("the board's name")
        case "tone-plan":
            board.tonePlan = try expectChoice("tone plan", TonePlan.self)
        case "caller-id":
            board.callerID = try expectChoice("caller-ID standard", CallerIDStandard.self)
        case "audio":
            try parseAudio()
        case "gpio-chip":
            board.gpioChip = try expectChipName()
        case "ring":
            try parseRing()
        case "cadence":
            try parseCadence()
        case "flash":
            let shortest = try stream.expectDuration(in: 20...5000)
            let longest = try stream.expectDuration(in: 20...5000)
            guard shortest < longest else { throw stream.error("the shortest flash must be shorter than the longest") }
            board.flashMilliseconds = shortest...longest
        case "dtmf":
            try parseDTMF()
        case "port":
            try parsePort(at: stream.location(of: keyword))
            return
        default:
            throw stream.error("unknown statement '\(word)': expected board, tone-plan, caller-id, audio, gpio-chip, ring, cadence, flash, dtmf or port", at: keyword)
        }
        try stream.expectEndOfStatement()
    }

    private mutating func parseAudio() throws(Diagnostic) {
        repeat {
            let option = try stream.expectWord("an audio setting (format, rate, period, buffer)")
            switch option.text {
            case "format": board.audio.format = try expectChoice("sample format", SampleFormat.self)
            case "rate": board.audio.rate = try stream.expectInteger("a sample rate", in: 8000...8000)
            case "period": board.audio.periodFrames = try stream.expectInteger("a period in frames", in: 16...1600)
            case "buffer": board.audio.bufferPeriods = try stream.expectInteger("a buffer size in periods", in: 2...16)
            default:
                throw Diagnostic(.error, at: option.location, "unknown audio setting '\(option.text)': expected format, rate, period or buffer")
            }
        } while stream.current.word != nil
    }

    /// `dtmf normal-twist 12 reverse-twist 6 echo-loss 6 echo-window 100ms`: whole dB.
    private mutating func parseDTMF() throws(Diagnostic) {
        repeat {
            let option = try stream.expectWord("a DTMF setting (normal-twist, reverse-twist, echo-loss, echo-window)")
            switch option.text {
            case "normal-twist": board.dtmf.normalTwistDB = Float(try stream.expectInteger("a twist in dB", in: 0...20))
            case "reverse-twist": board.dtmf.reverseTwistDB = Float(try stream.expectInteger("a twist in dB", in: 0...20))
            case "echo-loss": board.dtmf.echoReturnLossDB = Float(try stream.expectInteger("an echo return loss in dB", in: 0...60))
            case "echo-window": board.dtmf.echoWindowMilliseconds = try stream.expectDuration(in: 0...500)
            default:
                throw Diagnostic(.error, at: option.location,
                                 "unknown DTMF setting '\(option.text)': expected normal-twist, reverse-twist, echo-loss or echo-window")
            }
        } while stream.current.word != nil
    }

    private mutating func parseRing() throws(Diagnostic) {
        repeat {
            let option = try stream.expectWord("a ring setting (minimum, release, answer-after)")
            switch option.text {
            case "minimum": board.ring.minimumBurstMilliseconds = try stream.expectDuration(in: 20...5000)
            case "release": board.ring.releaseMilliseconds = try stream.expectDuration(in: 20...5000)
            case "answer-after": board.ring.answerAfterRings = try stream.expectInteger("a number of rings", in: 1...20)
            default:
                throw Diagnostic(.error, at: option.location, "unknown ring setting '\(option.text)': expected minimum, release or answer-after")
            }
        } while stream.current.word != nil
    }

    private mutating func parseCadence() throws(Diagnostic) {
        let name = try stream.expectWord("the cadence's name")
        if board.cadences.contains(where: { $0.name == name.text }) {
            throw Diagnostic(.error, at: name.location, "a second cadence named '\(name.text)'")
        }
        var times: [Int] = []
        while stream.current.word != nil { times.append(try stream.expectDuration(in: 20...20_000)) }
        guard times.count >= 2, times.count % 2 == 0 else {
            throw stream.error("a cadence is pairs of on and off times, such as 2s 4s")
        }
        board.cadences.append(NamedCadence(name: name.text, milliseconds: times))
    }

    private mutating func parsePort(at location: SourceLocation) throws(Diagnostic) {
        let number = try stream.expectInteger("a port number", in: 1...256)
        if let other = board.ports.first(where: { $0.number == number }) {
            throw Diagnostic(.error, at: location, "a second port \(number) (the first is at \(other.location.line):\(other.location.column))")
        }
        let kind = try expectChoice("port kind", PortKind.self)
        try stream.expectSymbol("{", "after the port's kind")
        var capture: (PCMChannel, SourceLocation)?
        var playback: (PCMChannel, SourceLocation)?
        var lines: [GPIORole: GPIOLine] = [:]
        while true {
            stream.skipNewlines()
            if stream.current.isSymbol("}") { stream.advance(); break }
            if stream.atEnd { throw stream.error("port \(number) is not closed: expected '}'") }
            do throws(Diagnostic) {
                let keyword = stream.current
                let word = try stream.expectWord("capture, playback or a GPIO line's role")
                switch word.text {
                case "capture": capture = (try parsePCMChannel(), word.location)
                case "playback": playback = (try parsePCMChannel(), word.location)
                default:
                    guard let role = GPIORole(rawValue: word.text) else {
                        let roles = GPIORole.allCases.map(\.rawValue).joined(separator: ", ")
                        throw Diagnostic(.error, at: word.location, "unknown port setting '\(word.text)': expected capture, playback or one of \(roles)")
                    }
                    guard GPIORole.allowed(for: kind).contains(role) else {
                        throw Diagnostic(.error, at: word.location, "an \(kind.rawValue.uppercased()) port has no \(role.rawValue) line")
                    }
                    if let first = lines[role] {
                        throw stream.error("a second \(role.rawValue) line (the first is at \(first.location.line):\(first.location.column))", at: keyword)
                    }
                    lines[role] = try parseLine(role, at: word.location)
                }
                try stream.expectEndOfStatement()
            } catch {
                diagnostics.append(error)
                stream.recover()
            }
        }
        guard let capture else { throw Diagnostic(.error, at: location, "port \(number) has no capture device") }
        guard let playback else { throw Diagnostic(.error, at: location, "port \(number) has no playback device") }
        for role in GPIORole.required(for: kind) where lines[role] == nil {
            throw Diagnostic(.error, at: location, "port \(number) (\(kind.rawValue.uppercased())) has no \(role.rawValue) line")
        }
        var port = PortDescription(number: number, kind: kind, capture: capture.0, playback: playback.0, lines: lines, location: location)
        port.captureLocation = capture.1
        port.playbackLocation = playback.1
        board.ports.append(port)
    }

    /// `"hw:0,0" [channel N]`
    private mutating func parsePCMChannel() throws(Diagnostic) -> PCMChannel {
        let device = try stream.expectString("an ALSA PCM name such as \"hw:0,0\"")
        guard !device.isEmpty else { throw stream.error("the PCM name is empty") }
        var channel = 0
        if stream.current.isWord("channel") {
            stream.advance()
            channel = try stream.expectInteger("a channel index", in: 0...63)
        }
        return PCMChannel(device: device, channel: channel)
    }

    /// `[chip NAME] line N [active-low] [debounce DURATION]`
    private mutating func parseLine(_ role: GPIORole, at location: SourceLocation) throws(Diagnostic) -> GPIOLine {
        var chip = board.gpioChip
        if stream.current.isWord("chip") {
            stream.advance()
            chip = try expectChipName()
        }
        guard stream.current.isWord("line") else { throw stream.error("expected 'line' and the line's offset, found \(stream.current.quoted)") }
        stream.advance()
        var line = GPIOLine(chip: chip, offset: try stream.expectInteger("a line offset", in: 0...1023), location: location)
        while let option = stream.current.word {
            let token = stream.current
            stream.advance()
            switch option {
            case "active-low": line.activeLow = true
            case "debounce":
                guard role.isInput else { throw stream.error("\(role.rawValue) is an output: only inputs are debounced", at: token) }
                line.debounceMilliseconds = try stream.expectDuration(in: 0...1000)
            default:
                throw stream.error("unknown line option '\(option)': expected active-low or debounce", at: token)
            }
        }
        return line
    }

    private mutating func expectChipName() throws(Diagnostic) -> String {
        if case .string(let text) = stream.current.kind { stream.advance(); return text }
        return try stream.expectWord("a GPIO chip (gpiochip0, a label or a path)").text
    }

    private mutating func expectChoice<Choice: RawRepresentable & CaseIterable>(
        _ noun: String, _: Choice.Type
    ) throws(Diagnostic) -> Choice where Choice.RawValue == String {
        let name = try stream.expectWord("a \(noun)")
        guard let choice = Choice(rawValue: name.text) else {
            let choices = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw Diagnostic(.error, at: name.location, "unknown \(noun) '\(name.text)': expected one of \(choices)")
        }
        return choice
    }
}
