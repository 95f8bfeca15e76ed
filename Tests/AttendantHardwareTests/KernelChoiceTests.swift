import Foundation
import Testing

/// image/testvm/choose-kernel.sh over recorded `apt-cache madison` outputs
/// (image/testvm/testdata/apt-cache): which kernel packages the test VM is built
/// from as Debian's archive moves, and the one sentence when nothing fits.
struct KernelChoiceTests {
    static let testvm = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("image/testvm")

    struct Outcome {
        var status: Int32
        var chosen: [String: String]
        var messages: [String]
    }

    static func choose(_ recording: String, abi: String = "6.1.0-56-amd64") throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [testvm.appendingPathComponent("choose-kernel.sh").path, abi]
        process.standardInput = try FileHandle(forReadingFrom: testvm.appendingPathComponent("testdata/apt-cache/\(recording).madison"))
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var chosen: [String: String] = [:]
        for line in stdout.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 2 { chosen[String(words[0])] = String(words[1]) }
        }
        return Outcome(status: process.terminationStatus, chosen: chosen,
                       messages: stderr.split(separator: "\n").map(String.init))
    }

    static func expected(image: String, kbuild: String, source: String) -> [String: String] {
        ["linux-image-6.1.0-56-amd64": image, "linux-headers-6.1.0-56-amd64": image,
         "linux-headers-6.1.0-56-common": image, "linux-kbuild-6.1": kbuild, "linux-source-6.1": source]
    }

    @Test func everyPackageAtTheImagesVersion() throws {
        let outcome = try Self.choose("exact-match")
        #expect(outcome.status == 0)
        #expect(outcome.chosen == Self.expected(image: "6.1.192-2", kbuild: "6.1.192-2", source: "6.1.192-2"))
        #expect(outcome.messages.isEmpty, "\(outcome.messages)")
    }

    /// 2026-11-28: a security upload moved kbuild and source to -3, the image stayed at -2.
    @Test func aNewerDebianRevisionOfKbuildAndSourceIsTakenSilently() throws {
        let outcome = try Self.choose("revision-drift")
        #expect(outcome.status == 0)
        #expect(outcome.chosen == Self.expected(image: "6.1.192-2", kbuild: "6.1.192-3", source: "6.1.192-3"))
        #expect(outcome.messages.isEmpty, "\(outcome.messages)")
    }

    /// No 6.1.192 of kbuild or source at all: the newest 6.1 (Debian's ordering:
    /// -10 above -9), with one line each saying so.
    @Test func anotherUpstreamVersionIsTakenWithALineSayingSo() throws {
        let outcome = try Self.choose("upstream-drift")
        #expect(outcome.status == 0)
        #expect(outcome.chosen == Self.expected(image: "6.1.192-2", kbuild: "6.1.194-10", source: "6.1.194-10"))
        #expect(outcome.messages == [
            "choose-kernel.sh: linux-kbuild-6.1 has no 6.1.192 in the archive; using the newest of the 6.1 series, 6.1.194-10",
            "choose-kernel.sh: linux-source-6.1 has no 6.1.192 in the archive; using the newest of the 6.1 series, 6.1.194-10",
        ])
    }

    @Test(arguments: [
        ("no-kbuild", "choose-kernel.sh: no usable test VM kernel: linux-kbuild-6.1 is not in the archive (the archive offers no version of it)"),
        ("headers-missing", "choose-kernel.sh: no usable test VM kernel: linux-headers-6.1.0-56-amd64 is missing at 6.1.192-3, the version of linux-image-6.1.0-56-amd64 (the archive offers linux-headers-6.1.0-56-amd64 at 6.1.190-1)"),
        ("headers-behind", "choose-kernel.sh: no usable test VM kernel: linux-headers-6.1.0-56-amd64 is missing at 6.1.192-3, the version of linux-image-6.1.0-56-amd64 (the archive offers linux-headers-6.1.0-56-amd64 at 6.1.192-2)"),
    ])
    func nothingUsableIsOneSentenceAndNoChoice(recording: String, sentence: String) throws {
        let outcome = try Self.choose(recording)
        #expect(outcome.status == 1)
        #expect(outcome.chosen.isEmpty)
        #expect(outcome.messages == [sentence])
    }

    @Test func anImageMissingFromTheArchiveIsNamed() throws {
        let outcome = try Self.choose("exact-match", abi: "6.1.0-57-amd64")
        #expect(outcome.status == 1)
        #expect(outcome.messages == ["choose-kernel.sh: no usable test VM kernel: linux-image-6.1.0-57-amd64 is not in the archive (the archive offers none of it)"])
    }
}
