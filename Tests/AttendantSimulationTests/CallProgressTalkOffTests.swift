import AttendantDSP
import AttendantPrompts
import Foundation
import Testing

/// Speech and music on the line must never be taken for busy, congestion or dial tone.
@Suite struct CallProgressTalkOffTests {
    @Test(arguments: TonePlan.allCases)
    func recordingsAreNoCallProgressTone(plan: TonePlan) throws {
        let detector = CallProgressDetector(plan: plan)
        var audio: [Int16] = []
        for folder in ["/usr/share/asterisk/sounds/en", "/usr/share/asterisk/moh"] {
            let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".wav") }.sorted()
            for file in files.prefix(90) { audio += try WAVFile.read(path: "\(folder)/\(file)").prefix(8000 * 20) }
        }
        #expect(audio.count > 8000 * 300, "at least five minutes")
        let line = LineFixtures.line(audio, lossDB: 6, snrDB: 30, law: .muLaw, seed: 2)
        var heard: CallProgressTone?
        line.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset + 160 <= buffer.count, heard == nil {
                detector.process(UnsafeBufferPointer(rebasing: buffer[offset ..< offset + 160]))
                heard = detector.heardTone
                offset += 160
            }
        }
        #expect(heard == nil, "heard \(String(describing: heard)) in speech or music")
    }
}
