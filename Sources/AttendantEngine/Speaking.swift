import AttendantMenu
import AttendantSpeech

/// `say`: a value spoken in the caller's language, word by word from the program's
/// word clips. The grammars emit words through a non-escaping closure: nothing is
/// allocated.
extension MediaEngine {
    func say(_ instruction: Instruction, on channel: Channel, program: ExecutableProgram) {
        guard program.wordClips.count >= Word.count,
              let language = SpeechLanguage(rawValue: program.speechLanguages[channel.language]),
              let kind = SayKind(rawValue: UInt8(truncatingIfNeeded: instruction.a)) else { return }
        let text = value(instruction.b, on: channel, program: program)
        let base = Int(channel.language) * Word.count
        let gender = GrammaticalGender(rawValue: UInt8(truncatingIfNeeded: instruction.c)) ?? .masculine
        switch kind {
        case .digits:
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: KeyString.capacity) { buffer in
                for index in 0..<text.count { buffer[index] = text[index] }
                language.sayDigits(UnsafeBufferPointer(rebasing: buffer[0..<text.count])) {
                    channel.enqueue(clip: program.wordClips[base + $0.index])
                }
            }
        case .number:
            guard let number = text.integerValue else { return }
            language.sayNumber(number, gender: gender) { channel.enqueue(clip: program.wordClips[base + $0.index]) }
        case .duration:
            guard let seconds = text.integerValue else { return }
            language.sayDuration(seconds: seconds) { channel.enqueue(clip: program.wordClips[base + $0.index]) }
        case .time:
            // HHMM
            guard let time = text.integerValue, time / 100 < 24, time % 100 < 60 else { return }
            language.sayTime(hour: time / 100, minute: time % 100) { channel.enqueue(clip: program.wordClips[base + $0.index]) }
        case .date:
            // YYYYMMDD
            guard let date = text.integerValue, text.count == 8 else { return }
            let (year, month, day) = (date / 10000, date / 100 % 100, date % 100)
            guard (1...12).contains(month), (1...31).contains(day) else { return }
            language.sayDate(year: year, month: month, day: day, weekday: Self.weekday(year: year, month: month, day: day)) {
                channel.enqueue(clip: program.wordClips[base + $0.index])
            }
        }
    }

    /// A count in the caller's language (a queue's announcements).
    func sayNumber(_ number: Int, on channel: Channel, program: ExecutableProgram) {
        speak(on: channel, program: program) { language, word in language.sayNumber(number, gender: .masculine, emit: word) }
    }

    /// A wait in the caller's language, with its grammar's forms ("1 minute", "3 минуты").
    func sayDuration(seconds: Int, on channel: Channel, program: ExecutableProgram) {
        speak(on: channel, program: program) { language, word in language.sayDuration(seconds: seconds, emit: word) }
    }

    /// Queues the words `grammar` emits, from the caller's language's word clips.
    private func speak(on channel: Channel, program: ExecutableProgram,
                       _ grammar: (SpeechLanguage, (Word) -> Void) -> Void) {
        guard program.wordClips.count >= Word.count,
              let language = SpeechLanguage(rawValue: program.speechLanguages[channel.language]) else { return }
        let base = Int(channel.language) * Word.count
        grammar(language) { channel.enqueue(clip: program.wordClips[base + $0.index]) }
    }

    /// 0 = Sunday, for the Gregorian calendar (Sakamoto's method).
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        // A switch, not a table: `withUnsafeBytes(of:)` on a tuple makes the tuple's
        // metadata on first use, an allocation on the media thread.
        let offset: Int = switch month {
        case 1, 5: 0
        case 2, 6: 3
        case 3, 11: 2
        case 4, 7: 5
        case 8: 1
        case 9: 4
        case 10: 6
        default: 4  // 12
        }
        let y = month < 3 ? year - 1 : year
        return (y + y / 4 - y / 100 + y / 400 + offset + day) % 7
    }
}
