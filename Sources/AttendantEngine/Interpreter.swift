import AttendantDSP
import AttendantMenu

/// The per-channel interpreter of a compiled program (`ProgramCode`): it steps a
/// call's instructions until one must wait for audio, a key or a timer, and resumes
/// there when that comes. It reads only the program's immutable tables and the
/// channel's preallocated state: no allocation, no locks, no strings.
extension MediaEngine {
    /// More steps than this without waiting is a loop the compiler warned about.
    static let stepBudget = 4096

    /// Runs `channel` from its `pc` until an instruction suspends it.
    func run(_ channel: Channel, program: ExecutableProgram) {
        var steps = 0
        while steps < Self.stepBudget {
            steps += 1
            let instruction = program.code[channel.pc]
            switch instruction.opcode {
            case .enterMenu:
                channel.menu = instruction.a
                channel.attempts = 0
                channel.resumeAt = -1
                publish(.menuEntered(port: channel.port, menu: Int(instruction.a), frame: frame))
                channel.pc += 1
            case .play:
                channel.enqueue(clip: program.promptClips[channel.language * program.promptCount + instruction.a])
                channel.pc += 1
            case .say:
                say(instruction, on: channel, program: program)
                channel.pc += 1
            case .set:
                channel.variables[Int(instruction.a)] = value(instruction.b, on: channel, program: program)
                channel.pc += 1
            case .setLanguage:
                channel.language = instruction.a
                channel.pc += 1
            case .request:
                channel.pc += 1
                let queue = program.queueRequests[instruction.a]
                if queue >= 0 {
                    enterQueue(queue, on: channel, program: program)
                    return
                }
                if program.extensionRequests[instruction.a] != 0 {
                    requestExtension(instruction.a, on: channel)
                    return
                }
                if program.voicemailRequests[instruction.a] != 0 {
                    enterVoicemail(channel, request: instruction.a)
                    return
                }
                if program.recordRequests[instruction.a] != 0 {
                    publish(.recordingRequested(port: channel.port, frame: frame))
                    continue
                }
                publish(.unavailableAction(port: channel.port, request: Int(instruction.a), frame: frame))
                channel.enqueue(clip: program.notAvailableClips[channel.language])
            case .branch:
                channel.pc = holds(instruction.a, on: channel, program: program) ? instruction.b : channel.pc + 1
            case .jump:
                channel.pc = instruction.a
            case .gotoMenu:
                channel.pushBack(channel.menu)
                channel.pc = program.menuEntry[instruction.a]
            case .back:
                if let previous = channel.popBack() {
                    channel.pc = program.menuEntry[previous]
                } else {
                    channel.pc = program.menuReplay[channel.menu]
                }
            case .replay:
                channel.pc = program.menuReplay[channel.menu]
            case .goOn:
                channel.pc = channel.resumeAt >= 0 ? channel.resumeAt : program.menuReplay[channel.menu]
                channel.resumeAt = -1
            case .waitForKey:
                channel.phase = .playing
                channel.keyDeadline = 0
                return
            case .collect:
                channel.phase = .collecting
                channel.collected = KeyString()
                channel.keyDeadline = 0
                return
            case .hangup:
                channel.phase = .finishing
                return
            case .ignore:
                // Only reached when a rule is edited into a running call's path: end politely.
                channel.phase = .finishing
                return
            }
        }
        statistics.runawayPrograms += 1
        end(channel, .failed)
    }

    /// The queued prompts have all played: a waiting menu starts its timer.
    func promptsEnded(_ channel: Channel, program: ExecutableProgram) {
        switch channel.phase {
        case .playing:
            channel.phase = .waitingForKey
            channel.keyDeadline = frame + Int64(program.timeoutFrames[channel.menu])
        case .collecting where channel.keyDeadline == 0 && channel.collected.count == 0:
            channel.keyDeadline = frame + Int64(program.timeoutFrames[channel.menu])
        default:
            break
        }
    }

    // MARK: - Keys

    func handleKey(_ digit: UInt8, on channel: Channel, program: ExecutableProgram) {
        channel.stopPlayback()
        guard let key = DTMFKey(ascii: digit) else { return }
        let handler = program.keyHandlers[Int(channel.menu) * 16 + Int(key.rawValue)]
        if handler < 0 {
            fail(channel, program: program, timedOut: false)
        } else {
            resume(channel, at: handler, program: program)
        }
    }

    /// An invalid key, a timeout or input that fails validation: one attempt used;
    /// the last one runs `on failure`.
    func fail(_ channel: Channel, program: ExecutableProgram, timedOut: Bool) {
        channel.attempts += 1
        let menu = Int(channel.menu)
        let handler: Int32
        if channel.attempts >= program.maxAttempts[menu] {
            handler = program.failureHandlers[menu]
        } else {
            handler = timedOut ? program.timeoutHandlers[menu] : program.invalidHandlers[menu]
        }
        resume(channel, at: handler, program: program)
    }

    private func resume(_ channel: Channel, at pc: Int32, program: ExecutableProgram) {
        channel.keyDeadline = 0
        channel.phase = .playing
        channel.pc = pc
        run(channel, program: program)
    }

    // MARK: - Collecting digits

    func collect(_ digit: UInt8, on channel: Channel, program: ExecutableProgram) {
        channel.stopPlayback()
        let layout = program.collects[channel.menu]
        if layout.terminator != 0, digit == layout.terminator {
            finishCollecting(channel, program: program)
            return
        }
        channel.collected.append(digit)
        if channel.collected.count >= Int(layout.maxDigits) {
            finishCollecting(channel, program: program)
        } else {
            channel.keyDeadline = frame + Int64(layout.betweenFrames)
        }
    }

    func collectTimedOut(_ channel: Channel, program: ExecutableProgram) {
        if channel.collected.count == 0 {
            fail(channel, program: program, timedOut: true)
        } else {
            finishCollecting(channel, program: program)
        }
    }

    private func finishCollecting(_ channel: Channel, program: ExecutableProgram) {
        let layout = program.collects[channel.menu]
        let input = channel.collected
        channel.collected = KeyString()
        guard input.count >= Int(layout.minDigits), isValid(input, layout.validation, program: program) else {
            fail(channel, program: program, timedOut: false)
            return
        }
        channel.variables[Int(layout.variable)] = input
        resume(channel, at: program.collectedHandlers[channel.menu], program: program)
    }

    private func isValid(_ input: KeyString, _ validation: Int32, program: ExecutableProgram) -> Bool {
        switch validation {
        case -2: return true
        case -1:
            guard input.count >= 2 else { return false }
            var sum = 0
            for offset in 0..<input.count {
                let byte = input[input.count - 1 - offset]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
                let digit = Int(byte - UInt8(ascii: "0"))
                let doubled = digit * 2
                sum += offset % 2 == 1 ? (doubled > 9 ? doubled - 9 : doubled) : digit
            }
            return sum % 10 == 0
        default:
            return matches(input, pattern: validation, program: program)
        }
    }

    // MARK: - Conditions

    /// Whether a file-level `ignore` rule matches the ringing caller.
    func isIgnored(_ channel: Channel, program: ExecutableProgram) -> Bool {
        for index in 0..<program.ignoreConditionCount where holds(program.ignoreConditions[index], on: channel, program: program) {
            return true
        }
        return false
    }

    func holds(_ condition: Int32, on channel: Channel, program: ExecutableProgram) -> Bool {
        let layout = program.conditions[condition]
        let result: Bool
        switch layout.kind {
        case .caller: result = passes(channel.callerNumber, test: layout.test, on: channel, program: program)
        case .variable:
            result = passes(channel.variables[Int(layout.subject)], test: layout.test, on: channel, program: program)
        case .language: result = channel.language == layout.subject
        case .schedule:
            let state = program.scheduleStates[Int(layout.subject)].load(ordering: .relaxed)
            result = switch layout.test {
            case -1: state == 0
            case -2: state != 0
            case -3: state >= 2
            default: state == 2 + layout.test
            }
        }
        return result != layout.negated
    }

    private func passes(_ digits: KeyString, test: Int32, on channel: Channel, program: ExecutableProgram) -> Bool {
        let layout = program.tests[test]
        switch layout.kind {
        case .equals: return digits == value(layout.operand, on: channel, program: program)
        case .startsWith: return digits.hasPrefix(program.literals[layout.operand])
        case .matches: return matches(digits, pattern: layout.operand, program: program)
        case .empty: return digits.count == 0
        case .inList:
            let list = program.listRanges[layout.operand]
            // A while loop: iterating a Range<Int32> makes generic metadata on first use.
            var index = list.start
            while index < list.start + list.count {
                if passes(digits, test: program.listTests[index], on: channel, program: program) { return true }
                index += 1
            }
            return false
        }
    }

    private func matches(_ digits: KeyString, pattern index: Int32, program: ExecutableProgram) -> Bool {
        let pattern = program.patterns[index]
        guard digits.count >= Int(pattern.count) else { return false }
        for position in 0..<Int(pattern.count) {
            guard let key = DTMFKey(ascii: digits[position]),
                  program.patternMasks[Int(pattern.start) + position] & (1 << UInt16(key.rawValue)) != 0 else { return false }
        }
        let extra = digits.count - Int(pattern.count)
        return pattern.restMinimum < 0 ? extra == 0 : extra >= Int(pattern.restMinimum)
    }

    func value(_ index: Int32, on channel: Channel, program: ExecutableProgram) -> KeyString {
        let operand = program.values[index].operand
        return operand >= 0 ? program.literals[operand] : channel.variables[Int(-operand - 1)]
    }
}
