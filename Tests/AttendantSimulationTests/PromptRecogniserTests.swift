import AttendantDSP
import AttendantPrompts
import AttendantSimulation
import Foundation
import Testing

@Suite struct PromptRecogniserTests {
    let recogniser = PromptRecogniser(prompts: LineFixtures.prompts)

    struct Condition: Sendable, CustomStringConvertible {
        var lossDB: Double
        var snrDB: Double
        var law: CompandingLaw
        var description: String { "−\(Int(lossDB)) dB, \(Int(snrDB)) dB SNR, \(law)" }
    }

    static let conditions = [
        Condition(lossDB: 6, snrDB: 30, law: .muLaw), Condition(lossDB: 20, snrDB: 30, law: .aLaw),
        Condition(lossDB: 6, snrDB: 15, law: .aLaw), Condition(lossDB: 20, snrDB: 15, law: .muLaw),
    ]

    @Test(arguments: conditions)
    func everyPromptIsRecognisedAtAnUnalignedOnset(condition: Condition) {
        for (index, prompt) in LineFixtures.prompts.enumerated() {
            let lead = 1237 + 97 * index  // not a multiple of any block or frame
            let clean = [Int16](repeating: 0, count: lead) + prompt.samples + [Int16](repeating: 0, count: 4000)
            let heard = LineFixtures.line(clean, lossDB: condition.lossDB, snrDB: condition.snrDB,
                                          law: condition.law, seed: Int32(index + 1))
            let found = heard.withUnsafeBufferPointer { recogniser.recognise(in: $0, onsetsIn: 0 ..< $0.count) }
            #expect(found.map(\.name) == [prompt.name], "\(prompt.name) under \(condition)")
            #expect(found.first.map { abs($0.onset - lead) <= 1 } == true, "onset of \(prompt.name): \(found)")
        }
    }

    @Test func backToBackPromptsAreBothRecognisedInOrder() {
        let first = LineFixtures.prompt("hello-world"), second = LineFixtures.prompt("dir-usingkeypad")
        let clean = [Int16](repeating: 0, count: 555) + first + second + [Int16](repeating: 0, count: 800)
        let heard = LineFixtures.line(clean, lossDB: 6, snrDB: 30, law: .muLaw, seed: 9)
        let found = heard.withUnsafeBufferPointer { recogniser.recognise(in: $0, onsetsIn: 0 ..< $0.count) }
        #expect(found.map(\.name) == ["hello-world", "dir-usingkeypad"])
        #expect(found.map(\.onset) == [555, 555 + first.count])
    }

    @Test func aCutPromptEndsWhereItWasCutWhetherSilenceOrAnotherPromptFollows() {
        let long = LineFixtures.prompt("dir-usingkeypad")
        let cut = 8000 + 333  // a little over a second in, mid-word
        for follower in [[Int16](repeating: 0, count: 16000), LineFixtures.prompt("queue-thereare")] {
            let clean = [Int16](repeating: 0, count: 400) + long.prefix(cut) + follower
            let heard = LineFixtures.line(clean, lossDB: 6, snrDB: 30, law: .aLaw, seed: 4)
            heard.withUnsafeBufferPointer { received in
                let recognition = recogniser.recognise(in: received, onsetsIn: 0 ..< 800).first
                #expect(recognition?.name == "dir-usingkeypad")
                guard let recognition else { return }
                let end = recogniser.playedUntil(recognition, in: received)
                // Never before the cut; at most the 20 ms the 30 ms window can overhang.
                #expect(end >= 400 + cut - 80 && end <= 400 + cut + 160, "ended at \(end), cut at \(400 + cut)")
            }
        }
    }

    @Test func noiseAndMusicAreNoPrompt() throws {
        let noise = LineFixtures.noise(count: 40000, seed: 3, levelDBm0: -30)
        #expect(noise.withUnsafeBufferPointer { recogniser.recognise(in: $0, onsetsIn: 0 ..< $0.count) }.isEmpty)
        let musicFolder = "/usr/share/asterisk/moh"
        let music = try FileManager.default.contentsOfDirectory(atPath: musicFolder)
            .filter { $0.hasSuffix(".wav") }.sorted().prefix(2)
        #expect(!music.isEmpty, "asterisk-moh-opsound-wav is installed")
        for file in music {
            let samples = try WAVFile.read(path: "\(musicFolder)/\(file)")
            let heard = LineFixtures.line(Array(samples.prefix(8000 * 30)), lossDB: 6, snrDB: 30, law: .muLaw, seed: 5)
            let found = heard.withUnsafeBufferPointer { recogniser.recognise(in: $0, onsetsIn: 0 ..< $0.count) }
            #expect(found.isEmpty, "\(file): \(found)")
        }
    }

    @Test func silenceIsNoiseOnlyAndSpeechIsNot() {
        let noise = LineFixtures.noise(count: 16000, seed: 8)
        let speech = LineFixtures.line(LineFixtures.prompt("hello-world"), lossDB: 6, snrDB: 30, law: .muLaw, seed: 8)
        let heard = noise + speech
        heard.withUnsafeBufferPointer { received in
            #expect(recogniser.isSilent(received, range: 0 ..< 16000))
            #expect(!recogniser.isSilent(received, range: 16000 ..< received.count))
            #expect(!recogniser.isSilent(received, range: 8000 ..< 24000))
        }
    }
}
