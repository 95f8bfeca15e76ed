#if canImport(Glibc)
import Glibc
#endif
import AttendantConsole
import AttendantControl
import AttendantRuntime
import AttendantSimulation
import Foundation
import Testing

/// A console session as a serial terminal sees it: bytes in, bytes out through a pipe,
/// with the appliance (not started: the session only asks it) behind it.
final class PipedConsole {
    let harness: ScenarioHarness
    let live: LiveAppliance
    let session: ConsoleSession
    private let pipe = Pipe()

    init(queue: String = QueueTests.twoAgents) throws {
        harness = try ScenarioHarness(menuSource: QueueTests.menu(queue), ports: 3, phones: 2)
        live = LiveAppliance(appliance: harness.appliance, database: harness.database, recogniser: harness.recogniser,
                             notify: { _ in })
        let output = pipe.fileHandleForWriting.fileDescriptor
        // A big pipe buffer, so that writing a long reply never waits for the reader.
        _ = fcntl(output, 1031 /* F_SETPIPE_SZ */, 1 << 20)
        session = ConsoleSession(name: "ttyTEST", input: -1, output: output, backend: live)
        session.greet()
    }

    /// Types `bytes` and returns everything the terminal received meanwhile.
    func type(_ bytes: [UInt8]) -> [UInt8] {
        session.receive(bytes)
        return drain()
    }

    func type(_ text: String) -> String { String(decoding: type(Array(text.utf8)), as: UTF8.self) }

    func drain() -> [UInt8] { readAvailable(from: pipe.fileHandleForReading.fileDescriptor) }
}

/// Whatever can be read from `descriptor` now, without waiting.
func readAvailable(from descriptor: Int32) -> [UInt8] {
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { break }
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { break }
        result += buffer[0..<count]
    }
    return result
}

@Suite struct ConsoleSessionTests {
    @Test func linesAreEditedRecalledCompletedAndHelpedAsOnARouterConsole() throws {
        let console = try PipedConsole()
        _ = console.drain()
        #expect(console.type("agent login 4\r").contains("agent 4: login"))
        // Tab completes command words and agent numbers; two Tabs on an ambiguous word list the choices.
        #expect(console.type("sh\tag\t\r").contains("4      available"))
        let choices = console.type("agent l\t")
        #expect(choices.contains("listen  login  logout"), "\(choices)")
        _ = console.type("\u{03}")
        // Up twice: the line before last, as typed; Ctrl-C drops a line.
        let recalled = console.type("\u{1B}[A\u{1B}[A")
        #expect(recalled.hasSuffix("agent login 4"), "\(recalled)")
        #expect(console.type("\u{03}").contains("^C\r\nattendant> "))
        // Backspace and cursor keys edit in the middle of a line.
        #expect(console.type("show quxeues\u{1B}[D\u{1B}[D\u{1B}[D\u{1B}[D\u{7F}\u{1B}[C\r").contains("support"))
        // `?` lists what fits the words typed so far.
        let help = console.type("agent ?")
        #expect(help.contains("agent listen|whisper|barge N from EXT") && !help.contains("show channels"), "\(help)")
    }

    @Test func aLongReplyIsPagedWithMore() throws {
        // Forty agents: `show agents` is longer than a screen.
        let console = try PipedConsole(queue: "    agents " + (10..<50).map(String.init).joined(separator: ", "))
        _ = console.drain()
        let first = console.type("show agents\r")
        let page = first.components(separatedBy: "\r\n")
        #expect(first.hasSuffix("--More--"), "\(first)")
        #expect(page.count == ConsoleSessionTests.pageLines + 1 + 1, "the typed line, a page, --More--: \(page.count)")
        #expect(console.type("\r").components(separatedBy: "\r\n").count == 2, "Enter shows one more line")
        let rest = console.type(" ")
        #expect(rest.contains("49     logged out") && rest.hasSuffix("attendant> "), "\(rest)")
        _ = console.type("show agents\r")
        #expect(console.type("q").hasSuffix("attendant> "))
    }

    static let pageLines = 23

    @Test func escapeSequencesAndControlBytesNeverReachTheTerminal() throws {
        let console = try PipedConsole()
        _ = console.drain()
        // A title-setting OSC, a clear-screen, a C1 CSI and a NUL, typed and pasted.
        let hostile: [UInt8] = Array("agent \u{1B}]0;owned\u{07} \u{1B}[2J x".utf8) + [0x9B, 0x32, 0x4A, 0x00, 0x0D]
        let output = console.type(hostile)
        #expect(!containsForeignEscape(output), "\(String(decoding: output, as: UTF8.self))")
        #expect(String(decoding: output, as: UTF8.self).contains("error: usage: agent"))
        // An error that repeats what was typed shows control characters as ^X.
        #expect(TerminalText.sanitized("a\u{1B}[2Jb\u{7F}\u{85}") == "a^[[2Jb^?<U+0085>")
    }

    /// Random and hostile bytes: the session never crashes or hangs, never passes on an
    /// escape it did not make, and still answers afterwards. `make fuzz` runs 10⁶.
    @Test func randomBytesNeverBreakTheSession() throws {
        let iterations = ProcessInfo.processInfo.environment["ATTENDANT_CONSOLE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 5000
        let console = try PipedConsole()
        _ = console.drain()
        var generator = SeededRandom(seed: 7)
        let alphabet: [UInt8] = Array("show agents\tlogin 4 ?q ".utf8) + [0x1B, 0x5B, 0x41, 0x42, 0x43, 0x44, 0x03, 0x7F, 0x0D, 0x0A, 0x08, 0x15, 0x9B, 0x00, 0xFF]
        for _ in 0..<iterations {
            let length = Int(generator.next() % 40)
            let bytes = (0..<length).map { _ in
                generator.next() % 3 == 0 ? UInt8(truncatingIfNeeded: generator.next()) : alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            let output = console.type(bytes)
            if containsForeignEscape(output) {
                Issue.record("after \(bytes): \(String(decoding: output, as: UTF8.self))")
                return
            }
        }
        // Whatever state the fuzz left (a page, a half line): q, Ctrl-C, then a command works.
        _ = console.type([UInt8(ascii: "q"), 0x03])
        #expect(console.type("show agents\r").contains("AGENT"))
    }

    /// Any ESC but the session's own "erase to end of line" (ESC [ K), or a C1 control.
    func containsForeignEscape(_ output: [UInt8]) -> Bool {
        let text = String(decoding: output, as: UTF8.self)
        if text.unicodeScalars.contains(where: { (0x80..<0xA0).contains($0.value) }) { return true }
        var index = 0
        while index < output.count {
            if output[index] == 0x1B {
                guard index + 2 < output.count, output[index + 1] == 0x5B, output[index + 2] == 0x4B else { return true }
            }
            index += 1
        }
        return false
    }
}

/// xorshift64*: repeatable random bytes without Foundation's generator.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
