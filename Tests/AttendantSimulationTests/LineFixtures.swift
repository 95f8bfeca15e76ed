import AttendantDSP
import AttendantPrompts
import Foundation

/// Real recordings and a test-local line model for recogniser tests.
enum LineFixtures {
    static let catalogueNames = [
        "hello-world", "dir-usingkeypad", "queue-thereare", "pls-hold-while-try", "queue-holdtime",
        "pm-invalid-option", "sorry-youre-having-problems", "queue-thankyou", "vm-goodbye",
        "please-try-again", "agent-loginok", "conf-invalid", "dir-welcome", "im-sorry", "transfer",
    ]

    static let prompts: [(name: String, samples: [Int16])] = catalogueNames.map { name in
        (name, try! WAVFile.read(path: "/usr/share/asterisk/sounds/en/\(name).wav"))
    }

    static func prompt(_ name: String) -> [Int16] { prompts.first { $0.name == name }!.samples }

    /// Loss, seeded noise (SNR against −10 dBm0 after the loss) and companding.
    static func line(_ samples: [Int16], lossDB: Double, snrDB: Double, law: CompandingLaw, seed: Int32) -> [Int16] {
        var out = samples
        let noise = NoiseGenerator(seed: seed, levelDBm0: -10 - lossDB - snrDB)
        out.withUnsafeMutableBufferPointer { buffer in
            Level.scale(buffer, by: Float(Level.amplitudeFactor(decibels: -lossDB)))
            noise.add(to: buffer)
            law.compand(buffer)
        }
        return out
    }

    static func noise(count: Int, seed: Int32, levelDBm0: Double = -46) -> [Int16] {
        var out = [Int16](repeating: 0, count: count)
        let noise = NoiseGenerator(seed: seed, levelDBm0: levelDBm0)
        out.withUnsafeMutableBufferPointer { noise.add(to: $0) }
        return out
    }
}
