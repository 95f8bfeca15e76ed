import AttendantHardware
import ArgumentParser
import AttendantBoard

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print versions of Attendant and its native libraries.")

    func run() {
        print("attendant 0.1.0")
        print("alsa-lib \(NativeLibraries.alsaVersion), libgpiod \(NativeLibraries.gpiodVersion), spandsp 0.0.6")
    }
}
