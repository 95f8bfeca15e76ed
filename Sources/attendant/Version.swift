import AttendantHardware
import ArgumentParser
import AttendantBoard

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print versions of Attendant and its native libraries.")

    /// Also what the console's `show version` starts with.
    static var lines: [String] {
        ["attendant 0.1.0",
         "alsa-lib \(NativeLibraries.alsaVersion), libgpiod \(NativeLibraries.gpiodVersion), spandsp 0.0.6"]
    }

    func run() {
        for line in Self.lines { print(line) }
    }
}
