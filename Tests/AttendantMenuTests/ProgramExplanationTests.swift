import AttendantMenu
import Testing

/// `attendant compile --explain`: what a caller can reach, by key path.
@Suite struct ProgramExplanationTests {
    @Test func menusAreListedWithTheKeysThatReachThem() throws {
        let prompts = ["welcome", "sales", "support", "blocked", "not-available"]
        let source = """
            list blocked {
                5550100
            }
            when caller in blocked: play blocked; hangup
            entry main
            menu main {
                play welcome
                on 1: goto sales
                on 0: queue support
            }
            menu sales {
                play sales
                on 2: goto support
                on #: back
            }
            menu support {
                play support
            }
            """
        let compilation = MenuCompiler.compile(source: source, file: "t.menu") { name in
            prompts.firstIndex(of: name).map(PromptLookup.found) ?? .unknown
        }
        let program = try #require(compilation.program, "\(compilation.diagnostics)")
        let lines = ProgramExplanation.lines(for: program) { prompts[$0] }
        #expect(lines == [
            "on answer, in order",
            "  when caller in blocked: play blocked; hang up",
            "main  (entry; no key)",
            "  plays welcome, then waits 5 s for a key; 3 attempts",
            "  0: queue support (not available yet); repeat",
            "  1: go to sales",
            "  invalid: repeat; timeout: repeat; failure: hang up",
            "sales  (keys 1)",
            "  plays sales, then waits 5 s for a key; 3 attempts",
            "  2: go to support",
            "  #: back",
            "  invalid: repeat; timeout: repeat; failure: hang up",
            "support  (keys 12)",
            "  plays support, then waits 5 s for a key; 3 attempts",
            "  invalid: repeat; timeout: repeat; failure: hang up",
        ])
    }

    @Test func mailboxesAreExplainedByWhatTheCallerDoesThere() throws {
        let prompts = ["welcome", "not-available"] + VoicemailSounds.names
        let source = """
            mailbox 200 {
            }
            entry main
            menu main {
                play welcome
                on 1: voicemail 200 busy; hangup
                on 9: check-voicemail 200
            }
            """
        let compilation = MenuCompiler.compile(source: source, file: "t.menu") { name in
            prompts.firstIndex(of: name).map(PromptLookup.found) ?? .unknown
        }
        let program = try #require(compilation.program, "\(compilation.diagnostics)")
        let lines = ProgramExplanation.lines(for: program) { prompts[$0] }
        #expect(lines.contains("  1: leave a message in mailbox 200 (busy greeting); hang up"), "\(lines)")
        #expect(lines.contains("  9: listen to mailbox 200 (PIN); repeat"), "\(lines)")
    }
}
