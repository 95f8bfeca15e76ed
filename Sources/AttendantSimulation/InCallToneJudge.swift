import Foundation

/// What an agent's phone hears over a call after `*1`, told from received audio: one
/// 1400 Hz beep (recording started), two (stopped), or congestion tone (refused).
public enum InCallTone: String, Sendable, CaseIterable {
    case started, stopped, refused
}

/// Finds 1400 Hz beeps and congestion tone in 20 ms frames of received audio, each
/// frame judged by how much of its energy one Goertzel filter finds at a frequency,
/// so that the call's voices under the tone do not hide it.
enum InCallToneJudge {
    static let frameSamples = 160
    /// A frame carries a tone when its frequency has this share of the frame's energy.
    static let share = 0.4
    /// Frames quieter than this (mean square) carry nothing.
    static let floor = 100.0 * 100.0
    /// Congestion in the regions' plans: 480 Hz (with 620) in North America, 425 Hz elsewhere.
    static let congestionFrequencies = [480, 425]

    /// Nil until a tone has begun after `start` and been followed by 0.6 s without one.
    static func judge(_ received: [Int16], from start: Int) -> InCallTone? {
        var beepRuns: [Int] = []
        var congestionFrames = 0
        var run = 0
        var quietSinceTone = 0
        var heardTone = false
        var index = start
        while index + frameSamples <= received.count {
            let frame = received[index ..< index + frameSamples]
            index += frameSamples
            let beep = carries(1400, frame)
            let congestion = congestionFrequencies.contains { carries($0, frame) }
            if beep { run += 1 } else if run > 0 {
                if run >= 3 { beepRuns.append(run) }
                run = 0
            }
            if congestion { congestionFrames += 1 }
            if beep || congestion {
                heardTone = true
                quietSinceTone = 0
            } else if heardTone {
                quietSinceTone += 1
                if quietSinceTone >= 30 { break }
            }
        }
        guard heardTone, quietSinceTone >= 30 else { return nil }
        if congestionFrames >= 10, beepRuns.isEmpty { return .refused }
        switch beepRuns.count {
        case 1: return .started
        case 2: return .stopped
        default: return nil
        }
    }

    private static func carries(_ hertz: Int, _ frame: ArraySlice<Int16>) -> Bool {
        let coefficient = 2 * cos(2 * Double.pi * Double(hertz) / 8000)
        var v1 = 0.0, v2 = 0.0, energy = 0.0
        for sample in frame {
            let x = Double(sample)
            energy += x * x
            let v0 = coefficient * v1 - v2 + x
            v2 = v1
            v1 = v0
        }
        guard energy / Double(frame.count) > floor else { return false }
        // For a pure sine the Goertzel power is N/2 times the energy; scale to a share.
        let power = (v1 * v1 + v2 * v2 - coefficient * v1 * v2) * 2 / Double(frame.count)
        return power / energy > share
    }
}
