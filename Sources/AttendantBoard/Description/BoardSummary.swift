extension BoardDescription {
    /// What the console's `show board` says of the board file attendant runs with:
    /// its name, conventions, GPIO chip, the ALSA PCMs it opens and each port's
    /// audio channel and GPIO lines.
    public func summaryLines(file: String) -> [String] {
        var lines = [
            "board file \(file): '\(name)'",
            "tone plan \(tonePlan.rawValue), caller ID \(callerID.rawValue); audio \(audio.format.rawValue) at \(audio.rate) Hz, "
                + "\(audio.periodFrames)-frame periods, \(audio.bufferPeriods) in the buffer",
        ]
        let chips = Set(ports.flatMap { $0.lines.values.map(\.chip) })
        let others = chips.subtracting([gpioChip]).sorted()
        lines.append("GPIO chip \(gpioChip)" + (others.isEmpty ? "" : "; lines also on \(others.joined(separator: ", "))"))
        for (side, path) in [("capture", \PortDescription.capture), ("playback", \PortDescription.playback)] {
            let devices = pcmDevices(path).devices
            lines.append("ALSA \(side): " + devices.map { "\($0.name) (\($0.channels) channel\($0.channels == 1 ? "" : "s"))" }
                .joined(separator: ", "))
        }
        lines.append("PORT  KIND  CAPTURE               PLAYBACK              GPIO LINES")
        for port in ports {
            let gpio = GPIORole.allCases.compactMap { role in
                port.lines[role].map { line in
                    "\(role.rawValue) \(line.offset)" + (line.chip == gpioChip ? "" : " on \(line.chip)") + (line.activeLow ? " (active low)" : "")
                }
            }
            lines.append(String(port.number).padded(6) + port.kind.rawValue.padded(6)
                         + "\(port.capture.device) ch \(port.capture.channel)".padded(22)
                         + "\(port.playback.device) ch \(port.playback.channel)".padded(22)
                         + gpio.joined(separator: ", "))
        }
        return lines
    }
}

private extension String {
    func padded(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
