import AttendantBoard
import AttendantSyntax

/// Checks a board file against the machine it runs on: every PCM opens with the
/// board's format, rate, period and channel count, and every GPIO line exists and can
/// be requested. Problems point at the line of the board file that names the device.
public enum TargetCheck {
    public static func problems(in board: BoardDescription, gpio: GPIODChips = GPIODChips()) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let sides: [(PCMStream.Direction, KeyPath<PortDescription, PCMChannel>, KeyPath<PortDescription, SourceLocation>)] =
            [(.capture, \.capture, \.captureLocation), (.playback, \.playback, \.playbackLocation)]
        for (direction, side, location) in sides {
            for device in board.pcmDevices(side).devices {
                do {
                    _ = try PCMStream(device: device.name, direction: direction, channels: device.channels, audio: board.audio)
                } catch {
                    problems.append(Diagnostic(.error, at: board.ports[device.firstPort][keyPath: location], error.description))
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
