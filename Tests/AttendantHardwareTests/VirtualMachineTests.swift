import AttendantDSP
import AttendantMenu
import AttendantPrompts
import AttendantSimulation
import AttendantStore
import Foundation
import Testing

/// A call through the kernel's own ALSA and GPIO: the appliance runs inside a QEMU
/// VM (image/testvm) on the snd-aloop Loopback card and a gpio-sim chip, with
/// board/loopback-vm.board; a far-end script rings, presses keys as DTMF audio,
/// stalls the engine for an xrun and works the FXS phone's hook. `make test` boots it
/// (ATTENDANT_VM_TESTS=1); a bare `swift test` leaves it out, as it needs the VM's
/// kernel, modules and QEMU, which `make test` installs.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ATTENDANT_VM_TESTS"] == "1"))
struct VirtualMachineTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// 3-channel S16_LE audio with `key` on channel 0: 100 ms of tone after 200 ms.
    static func keyAudio(_ key: String) -> Data {
        let generator = DTMFGenerator(toneMilliseconds: 100, gapMilliseconds: 100)
        generator.enqueue(key)
        var mono = [Int16](repeating: 0, count: 8000)
        mono.withUnsafeMutableBufferPointer { _ = generator.generate(into: UnsafeMutableBufferPointer(rebasing: $0[1600...])) }
        var interleaved = [Int16](repeating: 0, count: mono.count * 3)
        for (index, sample) in mono.enumerated() { interleaved[index * 3] = sample.littleEndian }
        return interleaved.withUnsafeBytes { Data($0) }
    }

    @Test func aCallThroughSndAloopAndGpioSim() throws {
        try callThroughTheVM(attempt: 1)
    }

    /// The whole call in a fresh VM. Under TCG beside a whole test run, the host can stall
    /// the VM long enough to garble a prompt (seen once in a fresh-machine run: every
    /// prompt but 'thank-you' recognised); only then is the call made once more, in a new
    /// VM. A real fault fails both calls.
    func callThroughTheVM(attempt: Int) throws {
        let share = FileManager.default.temporaryDirectory.appendingPathComponent("attendant-vm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: share) }
        try Self.keyAudio("1").write(to: share.appendingPathComponent("keys-1.raw"))
        try Self.keyAudio("0").write(to: share.appendingPathComponent("keys-0.raw"))

        let process = Process()
        process.executableURL = Self.root.appendingPathComponent("image/testvm/call-test.sh")
        process.arguments = ["--binary", Self.root.appendingPathComponent(".build/debug/attendant").path, "--share", share.path]
        try process.run()
        process.waitUntilExit()
        let out = share.appendingPathComponent("out")
        let farEnd = (try? String(contentsOf: out.appendingPathComponent("farend.log"), encoding: .utf8)) ?? "(no far-end log)"
        let console = (try? String(contentsOf: out.appendingPathComponent("console.log"), encoding: .utf8)) ?? "(no console log)"
        try #require(process.terminationStatus == 0, "the VM's far end failed:\n\(farEnd)\n\(console)")

        // What the far end heard on port 1, recognised from the audio.
        let raw = try Data(contentsOf: out.appendingPathComponent("heard.raw"))
        let samples = raw.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        let channels = (0..<3).map { channel in stride(from: channel, to: samples.count, by: 3).map { samples[$0] } }
        let loaded = try MenuLoader.load(menuFile: Self.root.appendingPathComponent("examples/demo.menu").path,
                                         catalogueFile: Self.root.appendingPathComponent("prompts/catalogue.prompts").path)
        let recogniser = PromptRecogniser(prompts: loaded.prompts.allPrompts)
        let heard = channels[0].withUnsafeBufferPointer { recogniser.recognise(in: $0, onsetsIn: 0..<$0.count).map(\.name) }
        if attempt == 1, heard.first != "welcome" || !heard.contains("sales") || heard.suffix(2) != ["thank-you", "goodbye"] {
            print("VirtualMachineTests: the far end heard \(heard); calling once more in a new VM")
            return try callThroughTheVM(attempt: 2)
        }
        #expect(heard.first == "welcome", "\(heard)")
        #expect(heard.contains("sales") && heard.suffix(2) == ["thank-you", "goodbye"], "\(heard)\n\(farEnd)")
        #expect(channels[1].allSatisfy { $0 == 0 }, "port 2 (an idle line) played something")
        // Port 3 is an office phone: lifted, it hears dial tone (the board's US plan).
        let dialTone = CallProgressDetector(plan: .northAmerica)
        var offset = 0
        while offset + AudioFormat.samplesPerFrame <= channels[2].count, dialTone.heardTone == nil {
            channels[2][offset ..< offset + AudioFormat.samplesPerFrame].withUnsafeBufferPointer { dialTone.process($0) }
            offset += AudioFormat.samplesPerFrame
        }
        #expect(dialTone.heardTone == .dialTone, "the lifted FXS phone heard no dial tone")

        // The call row the appliance wrote inside the VM.
        let database = try AttendantDatabase(path: out.appendingPathComponent("calls.sqlite").path)
        let calls = try database.recentCalls(limit: 10)
        #expect(calls.count == 1)
        #expect(calls.first?.keys == "10" && calls.first?.port == 1, "\(calls)")
        #expect(calls.first?.menuPath.last == "sales" && calls.first?.disposition == .menuHungUp, "\(calls)")

        // The console's statistics: the stall was an xrun, recovered; the FXS phone's
        // 300 ms on-hook was a flash, the 1.5 s one a hang-up; two rings answered.
        func stat(_ prefix: String) -> String? {
            console.split(separator: "\n").first { $0.contains(prefix) }.map(String.init)
        }
        let xruns = stat("audio xruns").flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        #expect(xruns >= 1, "\(console)")
        // A retry after a recovery fails only when the stream overran again at once: a
        // host so busy that the VM stalls for hundreds of milliseconds (seen with four
        // builds beside it). On a quiet host the one stall gives one xrun and no failure.
        let failures = stat("audio failures").flatMap { Int($0.split(separator: " ").last ?? "") } ?? -1
        #expect(failures >= 0 && failures < xruns, "\(console)")
        #expect(stat("port 3 FXS")?.contains("1 flashes, 1 hang-ups") == true, "\(console)")
        #expect(stat("port 1 FXO")?.contains("2 rings") == true, "\(console)")
        // As root in the VM, nothing was refused: memory locked, SCHED_FIFO, pinned.
        #expect(!console.contains("warning"), "\(console)")
        let check = try String(contentsOf: out.appendingPathComponent("board-check.log"), encoding: .utf8)
        #expect(check.contains("ok: 'QEMU test VM: snd-aloop and gpio-sim', 2 FXO and 1 FXS ports") && check.contains("every PCM and GPIO line opened"), "\(check)")
    }
}
