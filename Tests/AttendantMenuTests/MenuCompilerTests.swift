import AttendantSyntax
import AttendantMenu
import Testing

/// Resolves the prompts these tests use; anything else is unknown, `broken` is unusable.
private func lookup(_ name: String) -> PromptLookup {
    let known = ["welcome", "main-options", "sales", "support", "goodbye", "invalid-option", "still-there"]
    if name == "broken" { return .unusable(reason: "/sounds/broken.wav: not a RIFF file") }
    return known.firstIndex(of: name).map(PromptLookup.found) ?? .unknown
}

private func compile(_ source: String) -> MenuCompilation {
    MenuCompiler.compile(source: source, file: "t.menu", resolvePrompt: lookup)
}

private func messages(_ source: String) -> [String] {
    compile(source).diagnostics.map(\.description)
}

@Suite struct MenuCompilerTests {
    static let good = """
        // A complete menu.
        entry main

        menu main {
            play welcome, main-options
            wait 4.5s
            attempts 2
            on 1: goto sales
            on #: back
            on *: repeat
            on 0: play goodbye; hangup
            on invalid: play invalid-option; repeat
            on timeout: play still-there
            on failure: play goodbye; hangup
        }

        menu sales {
            play sales
            on 9: goto main
        }
        """

    @Test func aGoodProgramCompiles() throws {
        let compilation = compile(Self.good)
        #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics)")
        let program = try #require(compilation.program)
        #expect(program.menus.map(\.name) == ["main", "sales"])
        #expect(program.entry == 0)
        let main = program.menus[0]
        #expect(main.prompts == [0, 1])
        #expect(main.inputTimeoutMilliseconds == 4500)
        #expect(main.maxAttempts == 2)
        #expect(main.action(for: .digit1) == MenuAction(transfer: .goto(1)))
        #expect(main.action(for: .pound) == MenuAction(transfer: .back))
        #expect(main.action(for: .star) == MenuAction(transfer: .repeatMenu))
        #expect(main.action(for: .digit0) == MenuAction(prompts: [4], transfer: .hangup))
        #expect(main.action(for: .digit5) == nil)
        #expect(main.onInvalid == MenuAction(prompts: [5], transfer: .repeatMenu))
        #expect(main.onTimeout == MenuAction(prompts: [6], transfer: .repeatMenu), "no transfer means repeat")
        #expect(main.onFailure == MenuAction(prompts: [4], transfer: .hangup))
        #expect(main.location == SourceLocation(file: "t.menu", line: 4, column: 6))
        let sales = program.menus[1]
        #expect(sales.inputTimeoutMilliseconds == MenuCompiler.defaultWaitMilliseconds)
        #expect(sales.maxAttempts == MenuCompiler.defaultAttempts)
        #expect(sales.onInvalid == MenuAction(transfer: .repeatMenu))
        #expect(sales.onFailure == MenuAction(transfer: .hangup))
        #expect(program.referencedPrompts == [0, 1, 2, 4, 5, 6])
        #expect(program.menu(named: "sales") == 1)
    }

    @Test func versionFollowsTheSource() throws {
        let first = try #require(compile(Self.good).program)
        let again = try #require(compile(Self.good).program)
        let changed = try #require(compile(Self.good.replacingOccurrences(of: "4.5s", with: "5s")).program)
        #expect(first.version == again.version)
        #expect(first.version != changed.version)
    }

    @Test func syntaxErrorIsReportedAtTheToken() {
        #expect(messages("entry main\nmenu main {\n    on 1 goto main\n}\n")
            == ["t.menu:3:10: error: expected ':' after key '1', found 'goto'"])
    }

    @Test func unknownStatementIsASyntaxError() {
        #expect(messages("entry main\nmenu main {\n    say hello\n}\n")
            == ["t.menu:3:5: error: expected 'play', 'wait', 'attempts', 'on', 'when' or 'collect' in menu 'main', found 'say'"])
    }

    @Test func unterminatedMenuIsReportedAtItsName() {
        #expect(messages("entry main\nmenu main {\n    play welcome\n")
            == ["t.menu:2:6: error: menu 'main' has no closing '}'"])
    }

    @Test func unknownPrompt() {
        #expect(messages("entry main\nmenu main {\n    play welcome, welcom\n}\n")
            == ["t.menu:3:19: error: unknown prompt 'welcom'"])
    }

    @Test func unusablePrompt() {
        #expect(messages("entry main\nmenu main {\n    play broken\n}\n")
            == ["t.menu:3:10: error: prompt 'broken' cannot be used: /sounds/broken.wav: not a RIFF file"])
    }

    @Test func unknownMenuTarget() {
        #expect(messages("entry main\nmenu main {\n    on 1: play sales; goto sale\n}\n")
            == ["t.menu:3:28: error: unknown menu 'sale'"])
    }

    @Test func duplicateKey() {
        #expect(messages("entry main\nmenu main {\n    on 1: repeat\n    on 1: hangup\n}\n")
            == ["t.menu:4:8: error: duplicate key '1' in menu 'main' (first used at 3:8)"])
    }

    @Test func missingEntryMenu() {
        #expect(messages("menu main {\n    play welcome\n}\n")
            == ["t.menu:1:1: error: no entry menu: add 'entry NAME'"])
    }

    @Test func entryNamingAnUnknownMenu() {
        #expect(messages("entry start\nmenu main {\n}\n") == ["t.menu:1:7: error: unknown menu 'start'"])
    }

    @Test func duplicateMenu() {
        #expect(messages("entry main\nmenu main {\n}\nmenu main {\n}\n")
            == ["t.menu:4:6: error: duplicate menu 'main' (first defined at 2:6)"])
    }

    @Test func badDurationsAndAttempts() {
        #expect(messages("entry main\nmenu main {\n    wait 5\n    attempts 0\n    wait 20ms\n}\n") == [
            "t.menu:3:10: error: duration '5' needs a unit: s or ms",
            "t.menu:4:14: error: attempts must be from 1 to 99, not 0",
            "t.menu:5:10: error: duration '20ms' must be from 100ms to 600s",
        ])
    }

    @Test func nothingMayFollowATransfer() {
        #expect(messages("entry main\nmenu main {\n    on 1: hangup; play goodbye\n}\n")
            == ["t.menu:3:19: error: nothing may follow a transfer ('goto', 'hangup', 'repeat', 'back')"])
    }

    @Test func unreachableMenuIsAWarningAndTheProgramStillCompiles() {
        let compilation = compile("entry main\nmenu main {\n    on 1: goto sales\n}\nmenu sales {\n}\nmenu old {\n}\n")
        #expect(compilation.program != nil)
        #expect(compilation.diagnostics.map(\.description)
            == ["t.menu:7:6: warning: menu 'old' is never reached from entry 'main'"])
    }

    @Test func severalIndependentErrorsInOneRun() {
        let source = """
            entry main
            menu main {
                play welcom
                on 1: goto nowhere
                on x: hangup
                on 1: repeat
            }
            """
        #expect(messages(source) == [
            "t.menu:3:10: error: unknown prompt 'welcom'",
            "t.menu:4:16: error: unknown menu 'nowhere'",
            "t.menu:5:8: error: expected a key (0-9, *, #, A-D), 'invalid', 'timeout', 'failure' or 'collected' after 'on', found 'x'",
            "t.menu:6:8: error: duplicate key '1' in menu 'main' (first used at 4:8)",
        ])
        #expect(compile(source).program == nil)
    }

    @Test func eachPromptIsResolvedOnce() {
        var asked: [String] = []
        _ = MenuCompiler.compile(source: Self.good, file: "t.menu") { name in
            asked.append(name)
            return lookup(name)
        }
        #expect(asked.count == Set(asked).count)
        #expect(Set(asked) == ["welcome", "main-options", "goodbye", "invalid-option", "still-there", "sales"])
    }
}
