import AttendantSyntax

/// Checks across a whole board file, after each statement read well on its own.
enum BoardFileChecks {
    static func problems(in board: BoardDescription, file: String) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if board.ports.isEmpty {
            problems.append(Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1), "the board has no ports"))
        }
        // One wire, one job: two roles on one GPIO line, or two ports on one PCM channel,
        // would work on the bench and fail in the field.
        var lineUsers: [String: (port: Int, role: GPIORole, line: GPIOLine)] = [:]
        var captureUsers: [PCMChannel: PortDescription] = [:]
        var playbackUsers: [PCMChannel: PortDescription] = [:]
        for port in board.ports {
            for role in GPIORole.allCases {
                guard let line = port.lines[role] else { continue }
                let key = "\(line.chip)#\(line.offset)"
                if let first = lineUsers[key] {
                    problems.append(Diagnostic(.error, at: line.location,
                        "\(line.chip) line \(line.offset) is already port \(first.port)'s \(first.role.rawValue) line (at \(first.line.location.line):\(first.line.location.column))"))
                } else {
                    lineUsers[key] = (port.number, role, line)
                }
            }
            if let first = captureUsers[port.capture] {
                problems.append(Diagnostic(.error, at: port.captureLocation,
                    "capture \"\(port.capture.device)\" channel \(port.capture.channel) is already port \(first.number)'s"))
            } else {
                captureUsers[port.capture] = port
            }
            if let first = playbackUsers[port.playback] {
                problems.append(Diagnostic(.error, at: port.playbackLocation,
                    "playback \"\(port.playback.device)\" channel \(port.playback.channel) is already port \(first.number)'s"))
            } else {
                playbackUsers[port.playback] = port
            }
        }
        return problems
    }
}
