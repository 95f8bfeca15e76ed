import Foundation

extension DTMFBench.Row {
    /// The row's figure for one detector, as the table prints it.
    func figure(_ outcome: DTMFBench.Outcome) -> String {
        switch kind {
        case .accept:
            let percent = outcome.expected == 0 ? 100 : 100 * Double(outcome.detected) / Double(outcome.expected)
            let extra = outcome.falseDigits > 0 ? " +\(outcome.falseDigits) false" : ""
            return String(format: "%5.1f %% (%d/%d)", percent, outcome.detected, outcome.expected) + extra
        case .reject:
            return "\(outcome.falseDigits) detected"
        case .talkOff, .echo:
            let hours = seconds / 3600
            return String(format: "%d false (%.1f per hour)", outcome.falseDigits, Double(outcome.falseDigits) / hours)
        }
    }

    public var oursFigure: String { figure(ours) }
    public var rawFigure: String { figure(raw) }

    /// False digits per hour, for talk-off rows.
    public func falseRate(_ outcome: DTMFBench.Outcome) -> Double { Double(outcome.falseDigits) / (seconds / 3600) }
}

extension DTMFBench {
    /// A plain-text table: one line per row, ours beside raw spandsp.
    public static func table(_ rows: [Row]) -> String {
        let nameWidth = max(rows.map(\.name.count).max() ?? 0, 4) + 2
        let kindWidth = 10
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }
        var lines = [pad("KIND", kindWidth) + pad("CONDITION", nameWidth) + pad("AUDIO", 10) + pad("ATTENDANT", 30) + "RAW SPANDSP"]
        for row in rows {
            let audio = row.seconds >= 120 ? String(format: "%.1f min", row.seconds / 60) : String(format: "%.1f s", row.seconds)
            lines.append(pad(row.kind.rawValue, kindWidth) + pad(row.name, nameWidth) + pad(audio, 10)
                         + pad(row.oursFigure, 30) + row.rawFigure)
        }
        return lines.joined(separator: "\n")
    }
}
