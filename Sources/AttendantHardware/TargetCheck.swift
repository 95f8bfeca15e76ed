import AttendantBoard
import AttendantSyntax

/// Checks a board file against the machine it runs on: every PCM opens with the
/// board's format, rate, period and channel count, and every GPIO line exists and can
/// be requested. Problems point at the line of the board file that names the device.
public enum TargetCheck {
    public static func problems(in board: BoardDescription, gpio: GPIODChips = GPIODChips()) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for direction in [PCMStream.Direction.capture, .playback] {
            var checked: Set<String> = []
            for port in board.ports {
                let place = direction == .capture ? port.capture : port.playback
                guard checked.insert(place.device).inserted else { continue }
                let width = board.ports.map { direction == .capture ? $0.capture : $0.playback }
                    .filter { $0.device == place.device }.map { $0.channel + 1 }.max() ?? 1
                do {
                    _ = try PCMStream(device: place.device, direction: direction, channels: width, audio: board.audio)
                } catch {
                    let location = direction == .capture ? port.captureLocation : port.playbackLocation
                    problems.append(Diagnostic(.error, at: location, error.description))
                }
            }
        }
        var held: [AnyObject] = []  // requested lines stay held until the end: two roles on one line would show
        for port in board.ports {
            for role in GPIORole.allCases {
                guard let line = port.lines[role] else { continue }
                do throws(GPIOError) {
                    if role.isInput {
                        held.append(try gpio.input(line, consumer: "attendant check"))
                    } else {
                        held.append(try gpio.output(line, consumer: "attendant check", initiallyActive: false))
                    }
                } catch {
                    problems.append(Diagnostic(.error, at: line.location, "\(role.rawValue): \(error)"))
                }
            }
        }
        return problems
    }
}
