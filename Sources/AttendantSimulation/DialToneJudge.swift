/// Tells stutter dial tone (message waiting: the tone broken by short gaps for its first
/// seconds) from steady dial tone, by the level of 10 ms windows of received audio.
enum DialToneJudge {
    /// Windows louder than this carry tone; quieter than `quiet`, a gap.
    static let toneLevel = 300
    static let quietLevel = 60
    static let windowSamples = 80
    /// The stretch judged once the tone begins: 1.5 s.
    static let judgedWindows = 150

    /// Nil until 1.5 s of audio after the tone's onset has been received.
    static func judge(_ received: [Int16], from start: Int) -> (stutter: Bool, gaps: Int)? {
        var levels: [Int] = []
        var index = start
        while index + windowSamples <= received.count {
            var total = 0
            for offset in 0..<windowSamples { total += abs(Int(received[index + offset])) }
            levels.append(total / windowSamples)
            index += windowSamples
        }
        guard let onset = levels.firstIndex(where: { $0 > toneLevel }), levels.count - onset >= judgedWindows else { return nil }
        // A gap: 40 to 200 ms of quiet between two stretches of tone.
        var gaps = 0
        var quietRun = 0
        for level in levels[onset ..< onset + judgedWindows] {
            if level < quietLevel {
                quietRun += 1
            } else {
                if level > toneLevel, quietRun >= 4, quietRun <= 20 { gaps += 1 }
                quietRun = 0
            }
        }
        return (gaps >= 3, gaps)
    }
}
