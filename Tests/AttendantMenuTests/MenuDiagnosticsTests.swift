import AttendantMenu
import AttendantSyntax
import Testing

// Every diagnostic the menu compiler and the prompt catalogue give, each from a small
// file that makes it, checked as printed: `file:line:column: severity: message`.
// (The schedule parser's own diagnostics are tested in AttendantScheduleTests.)

/// Prompts the compiled files may name; `broken` is known but unusable.
private let knownPrompts = ["welcome", "main-options", "sales", "goodbye", "invalid-option", "closed",
                            "enter-number", "thank-you", MenuCompiler.notAvailablePrompt] + QueueSounds.names
                            + VoicemailSounds.names.filter { $0 != "goodbye" }

private func compile(_ source: String, file: String = "t.menu", files: [String: String] = [:],
                     notAvailable: Bool = true) -> MenuCompilation {
    let prompts = knownPrompts.filter { notAvailable || $0 != MenuCompiler.notAvailablePrompt }
    let environment = MenuCompiler.Environment(languages: ["en", "ru"], readFile: { files[$0] }, resolvePrompt: { name in
        if name == "broken" { return .unusable(reason: "/sounds/broken.wav: not a RIFF file") }
        return prompts.firstIndex(of: name).map(PromptLookup.found) ?? .unknown
    })
    return MenuCompiler.compile(source: source, file: file, environment: environment)
}

/// The diagnostics as printed; a program must come back exactly when none is an error.
private func diagnostics(_ source: String, file: String = "t.menu", files: [String: String] = [:],
                         notAvailable: Bool = true, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
    let compilation = compile(source, file: file, files: files, notAvailable: notAvailable)
    #expect((compilation.program == nil) == !compilation.errors.isEmpty, sourceLocation: sourceLocation)
    return compilation.diagnostics.map(\.description)
}

/// A menu file that is right but for `lines`, which go into menu `main`.
private func inMain(_ lines: String) -> String {
    "entry main\nmenu main {\n" + lines + "\n}\n"
}

// MARK: - Lexical and statement-level syntax

@Suite struct SyntaxDiagnosticsTests {
    @Test func unexpectedCharacterIsReportedAndSkipped() {
        #expect(diagnostics("entry main @\nmenu main {\n}\n") == ["t.menu:1:12: error: unexpected character '@'"])
    }

    @Test func unterminatedStringIsReportedOnce() {
        // The string still stands for what was meant: no second report that it is missing.
        #expect(diagnostics("include \"lists.menu\nentry main\nmenu main {\n}\n", files: ["lists.menu": ""])
            == ["t.menu:1:9: error: unterminated string"])
        #expect(diagnostics("list vip {\n    matches \"8800XXXXXXX\n}\nentry main\nmenu main {\n}\n")
            == ["t.menu:2:13: error: unterminated string"])
    }

    @Test func unknownTopLevelStatement() {
        #expect(diagnostics("goto main\nentry main\nmenu main {\n}\n")
            == ["t.menu:1:1: error: expected 'entry', 'menu', 'queue', 'agent', 'mailbox', 'when', 'list', 'schedule', 'languages' or 'include', found 'goto'"])
    }

    @Test func somethingAfterAStatement() {
        #expect(diagnostics("entry main hello\nmenu main {\n}\n")
            == ["t.menu:1:12: error: unexpected 'hello' at the end of the statement"])
        #expect(diagnostics(inMain("    on 1: hangup extra"))
            == ["t.menu:3:18: error: unexpected 'extra' at the end of the statement"])
    }

    @Test func entryWithoutItsNameIsOneMistake() {
        #expect(diagnostics("entry\nmenu main {\n}\n") == ["t.menu:1:6: error: expected the entry menu's name, found end of line"])
    }

    @Test func noEntry() {
        #expect(diagnostics("menu main {\n}\n") == ["t.menu:1:1: error: no entry menu: add 'entry NAME'"])
    }

    @Test func secondEntryIsReportedAtItsName() {
        #expect(diagnostics("entry main\nentry main\nmenu main {\n}\n")
            == ["t.menu:2:7: error: a second 'entry' (the first is at 1:7)"])
    }

    @Test func languagesStatement() {
        #expect(diagnostics("languages\nentry main\nmenu main {\n}\n")
            == ["t.menu:1:10: error: expected a language code such as en, found end of line"])
        #expect(diagnostics("languages en,\nentry main\nmenu main {\n}\n")
            == ["t.menu:1:14: error: expected a language code after ',', found end of line"])
        #expect(diagnostics("languages en\nlanguages ru\nentry main\nmenu main {\n}\n")
            == ["t.menu:2:1: error: a second 'languages' (the first is at 1:1)"])
    }

    @Test func scheduleWithoutAName() {
        #expect(diagnostics("schedule\nentry main\nmenu main {\n}\n")
            == ["t.menu:1:9: error: expected a schedule name, found end of line"])
    }

    @Test func includeWithoutQuotes() {
        #expect(diagnostics("include lists.menu\nentry main\nmenu main {\n}\n")
            == ["t.menu:1:9: error: expected the file to include in quotes, found 'lists.menu'"])
    }
}

// MARK: - Menus

@Suite struct MenuStatementDiagnosticsTests {
    @Test func menuWithoutAName() {
        #expect(diagnostics("entry main\nmenu {\n}\nmenu main {\n}\n") == [
            "t.menu:2:6: error: expected a menu name, found '{'",
            "t.menu:3:1: error: expected 'entry', 'menu', 'queue', 'agent', 'mailbox', 'when', 'list', 'schedule', 'languages' or 'include', found '}'",
        ])
    }

    /// Without its `{` a menu is still defined and its lines are still its own: one mistake, one report.
    @Test(arguments: ["entry main\nmenu main\n    play welcome\n}\n", "entry main\nmenu main\n{\n    play welcome\n}\n"])
    func menuWithoutItsOpeningBrace(source: String) {
        #expect(diagnostics(source) == ["t.menu:2:10: error: expected '{' after the menu name 'main', found end of line"])
    }

    @Test func menuWithSomethingBeforeItsBrace() {
        #expect(diagnostics("entry main\nmenu main office {\n    play welcome\n}\n")
            == ["t.menu:2:11: error: expected '{' after the menu name 'main', found 'office'"])
    }

    @Test func menuWithoutItsClosingBrace() {
        #expect(diagnostics("entry main\nmenu main {\n    play welcome\n") == ["t.menu:2:6: error: menu 'main' has no closing '}'"])
    }

    @Test func unknownMenuStatement() {
        #expect(diagnostics(inMain("    say hello"))
            == ["t.menu:3:5: error: expected 'play', 'wait', 'attempts', 'on', 'when' or 'collect' in menu 'main', found 'say'"])
    }

    @Test func attemptsAndWait() {
        #expect(diagnostics(inMain("""
                attempts
                attempts many
                attempts 100
                attempts 0
                wait
                wait 5
                wait 700s
                wait 50ms
                wait fives
            """)) == [
            "t.menu:3:13: error: expected a number of attempts, found end of line",
            "t.menu:4:14: error: expected a number of attempts, found 'many'",
            "t.menu:5:14: error: attempts must be from 1 to 99, not 100",
            "t.menu:6:14: error: attempts must be from 1 to 99, not 0",
            "t.menu:7:9: error: expected a duration such as 5s or 500ms, found end of line",
            "t.menu:8:10: error: duration '5' needs a unit: s or ms",
            "t.menu:9:10: error: duration '700s' must be from 100ms to 600s",
            "t.menu:10:10: error: duration '50ms' must be from 100ms to 600s",
            "t.menu:11:10: error: expected a duration such as 5s or 500ms, found 'fives'",
        ])
    }

    @Test func promptLists() {
        #expect(diagnostics(inMain("""
                play
                play welcome,
                play welcome, welcom, broken
            """)) == [
            "t.menu:3:9: error: expected a prompt name, found end of line",
            "t.menu:4:18: error: expected a prompt name after ',', found end of line",
            "t.menu:5:19: error: unknown prompt 'welcom'",
            "t.menu:5:27: error: prompt 'broken' cannot be used: /sounds/broken.wav: not a RIFF file",
        ])
    }

    @Test func handlers() {
        #expect(diagnostics(inMain("""
                on x: hangup
                on E: hangup
                on 1 hangup
                on invalid hangup
                on 1:
                on 2: dance
                on 3: ignore
            """)) == [
            "t.menu:3:8: error: expected a key (0-9, *, #, A-D), 'invalid', 'timeout', 'failure' or 'collected' after 'on', found 'x'",
            "t.menu:4:8: error: expected a key (0-9, *, #, A-D), 'invalid', 'timeout', 'failure' or 'collected' after 'on', found 'E'",
            "t.menu:5:10: error: expected ':' after key '1', found 'hangup'",
            "t.menu:6:16: error: expected ':' after 'on invalid', found 'hangup'",
            "t.menu:7:10: error: expected 'play', 'say', 'set', 'language', 'goto', 'hangup', 'repeat', 'back' or an action such as 'queue', found end of line",
            "t.menu:8:11: error: expected 'play', 'say', 'set', 'language', 'goto', 'hangup', 'repeat', 'back' or an action such as 'queue', found 'dance'",
            "t.menu:9:11: error: expected 'play', 'say', 'set', 'language', 'goto', 'hangup', 'repeat', 'back' or an action such as 'queue', found 'ignore'",
        ])
    }

    @Test func steps() {
        #expect(diagnostics(inMain("""
                on 1: hangup; play goodbye
                on 2: goto
                on 5: say
                on 6: say number
                on 9: set
                on 0: set x
                on *: language
                on #: queue
            """)) == [
            "t.menu:3:19: error: nothing may follow a transfer ('goto', 'hangup', 'repeat', 'back')",
            "t.menu:4:15: error: expected a menu name after 'goto', found end of line",
            "t.menu:5:14: error: expected what to say: number, digits, duration, time or date, found end of line",
            "t.menu:6:21: error: expected a number or a variable to say, found end of line",
            "t.menu:7:14: error: expected a variable name after 'set', found end of line",
            "t.menu:8:16: error: expected a value for 'x', found end of line",
            "t.menu:9:19: error: expected a language code after 'language', found end of line",
            "t.menu:10:16: error: expected what 'queue' goes to, found end of line",
        ])
    }

    @Test func sayKinds() {
        #expect(diagnostics(inMain("""
                on 7: say shout 5
                on 8: say nmber 5
            """)) == [
            "t.menu:3:15: error: 'say' speaks a number, digits, duration, time or date, not 'shout'",
            "t.menu:4:15: error: 'say' speaks a number, digits, duration, time or date, not 'nmber' (did you mean 'number'?)",
        ])
    }

    @Test func duplicateKeyAndMenu() {
        #expect(diagnostics("entry main\nmenu main {\n    on 1: hangup\n    on 1: repeat\n}\nmenu main {\n}\n") == [
            "t.menu:4:8: error: duplicate key '1' in menu 'main' (first used at 3:8)",
            "t.menu:6:6: error: duplicate menu 'main' (first defined at 2:6)",
        ])
    }

    @Test func unknownMenuWithAndWithoutAHint() {
        #expect(diagnostics("entry main\nmenu main {\n    on 1: goto sale\n    on 2: goto nowhere\n    on 3: goto sales\n}\nmenu sales {\n}\n") == [
            "t.menu:3:16: error: unknown menu 'sale' (did you mean 'sales'?)",
            "t.menu:4:16: error: unknown menu 'nowhere'",
        ])
        #expect(diagnostics("entry man\nmenu main {\n}\n") == ["t.menu:1:7: error: unknown menu 'man' (did you mean 'main'?)"])
        // A swap is two edits: too many for a name of four letters.
        #expect(diagnostics("entry mian\nmenu main {\n}\n") == ["t.menu:1:7: error: unknown menu 'mian'"])
    }
}

// MARK: - Collecting digits

@Suite struct CollectDiagnosticsTests {
    @Test func collectNeedsOnCollected() {
        #expect(diagnostics(inMain("    collect card 4 digits"))
            == ["t.menu:3:13: error: menu 'main' collects 'card' but has no 'on collected'"])
    }

    @Test func onCollectedNeedsCollect() {
        #expect(diagnostics(inMain("    on collected: hangup")) == ["t.menu:3:8: error: 'on collected' needs a 'collect' in menu 'main'"])
    }

    @Test func keysInACollectingMenu() {
        #expect(diagnostics(inMain("""
                collect card 4 digits
                on 1: hangup
                on 2: hangup
                on collected: hangup
            """)) == ["t.menu:4:8: error: menu 'main' collects digits, so keys cannot have actions of their own"])
    }

    @Test func secondCollect() {
        #expect(diagnostics(inMain("    collect card 4 digits\n    collect pin 4 digits\n    on collected: hangup"))
            == ["t.menu:4:5: error: a second 'collect' in menu 'main'"])
    }

    @Test func collectWithoutAVariable() {
        #expect(diagnostics(inMain("    collect\n    on collected: hangup")) == [
            "t.menu:3:12: error: expected the variable to collect into, found end of line",
            "t.menu:4:8: error: 'on collected' needs a 'collect' in menu 'main'",
        ])
    }

    /// Once the variable is named the menu collects: a mistake later on the line is not
    /// reported again at `terminator` or `on collected`.
    @Test(arguments: [
        ("    collect card", "t.menu:3:17: error: expected a digit count such as 4 or 4-8, found end of line"),
        ("    collect card 0 digits", "t.menu:3:18: error: a digit count is N or N-M, from 1 to 24, not '0'"),
        ("    collect card 4-25 digits", "t.menu:3:18: error: a digit count is N or N-M, from 1 to 24, not '4-25'"),
        ("    collect card 8-4 digits", "t.menu:3:18: error: a digit count is N or N-M, from 1 to 24, not '8-4'"),
        ("    collect card 4- digits", "t.menu:3:18: error: a digit count is N or N-M, from 1 to 24, not '4-'"),
        ("    collect card 4-6-8 digits", "t.menu:3:18: error: a digit count is N or N-M, from 1 to 24, not '4-6-8'"),
        ("    collect card 4 numbers", "t.menu:3:20: error: expected 'digits' after the count, found 'numbers'"),
    ])
    func badCount(line: String, expected: String) {
        #expect(diagnostics(inMain(line + "\n    terminator #\n    on collected: say digits card; hangup")) == [expected])
    }

    @Test func settingsBeforeCollect() {
        #expect(diagnostics(inMain("""
                terminator #
                between 3s
                valid luhn
                collect card 4 digits
                on collected: hangup
            """)) == [
            "t.menu:3:5: error: 'terminator' needs a 'collect' before it in menu 'main'",
            "t.menu:4:5: error: 'between' needs a 'collect' before it in menu 'main'",
            "t.menu:5:5: error: 'valid' needs a 'collect' before it in menu 'main'",
        ])
    }

    @Test func badSettings() {
        #expect(diagnostics(inMain("""
                collect card 4 digits
                terminator x
                terminator
                terminator 12
                between
                between 10m
                valid
                valid mod10
                valid matches 4X
                valid matches "4Q"
                on collected: hangup
            """)) == [
            "t.menu:4:16: error: expected a key or 'none' after 'terminator', found 'x'",
            "t.menu:5:15: error: expected a key or 'none' after 'terminator', found end of line",
            "t.menu:6:16: error: expected a key or 'none' after 'terminator', found '12'",
            "t.menu:7:12: error: expected a duration such as 5s or 500ms, found end of line",
            "t.menu:8:13: error: duration '10m' needs a unit: s or ms",
            "t.menu:9:10: error: expected 'luhn' or 'matches \"PATTERN\"' after 'valid', found end of line",
            "t.menu:10:11: error: expected 'luhn' or 'matches \"PATTERN\"' after 'valid', found 'mod10'",
            "t.menu:11:19: error: expected a pattern in quotes, found '4X'",
            "t.menu:12:21: error: 'Q' is not a digit, '*', '#', X, Z, N, [..], '.' or '!'",
        ])
    }
}

// MARK: - Rules and conditions

@Suite struct RuleDiagnosticsTests {
    @Test func ruleSyntax() {
        #expect(diagnostics("""
            when caller in vip hangup
            when : hangup
            when caller is: hangup
            when caller starts-with: hangup
            when caller matches 8800: hangup
            when caller in: hangup
            when caller equals 5: hangup
            entry main
            menu main {
            }
            """) == [
            "t.menu:1:20: error: expected ':' after the condition, found 'hangup'",
            "t.menu:2:6: error: expected what to test: 'caller', 'language', a schedule or a variable, found ':'",
            "t.menu:3:15: error: expected a value after 'is', found ':'",
            "t.menu:4:24: error: expected digits after 'starts-with', found ':'",
            "t.menu:5:21: error: expected a pattern such as \"8800XXXXXXX\" in quotes, found '8800'",
            "t.menu:6:15: error: expected a list name after 'in', found ':'",
            "t.menu:7:13: error: expected 'is', 'starts-with', 'matches', 'in', 'anonymous' or 'empty' after 'caller', found 'equals'",
        ])
    }

    @Test func fileLevelRulesCannotRepeatOrGoBack() {
        // Reported at the transfer, not at the start of the action.
        #expect(diagnostics("""
            when caller anonymous: repeat
            when caller anonymous: play welcome; back
            when caller anonymous: play welcome
            entry main
            menu main {
            }
            """) == [
            "t.menu:1:24: error: a file-level rule is not in a menu: it can 'goto' a menu, 'hangup' or 'ignore', or go on to the entry menu",
            "t.menu:2:38: error: a file-level rule is not in a menu: it can 'goto' a menu, 'hangup' or 'ignore', or go on to the entry menu",
        ])
    }

    @Test func ignore() {
        #expect(diagnostics("""
            when language is en: ignore
            when caller anonymous: play welcome; ignore
            when not caller anonymous: ignore
            when caller is 5551234: ignore
            entry main
            menu main {
            }
            """) == [
            "t.menu:1:22: error: 'ignore' is decided before the call is answered: only 'caller' conditions are known then",
            "t.menu:2:38: error: an ignored call is never answered, so nothing can be played or set before 'ignore'",
        ])
    }

    @Test func schedulesInConditions() {
        #expect(diagnostics("""
            schedule office {
                timezone "UTC"
                holiday christmas 12-25
            }
            entry main
            menu main {
                when office is holiday christmass: hangup
                when office is holiday easter: hangup
                when office is opn: hangup
                when office is shut: hangup
                when office starts-with 1: hangup
                when ofice is open: hangup
            }
            """) == [
            "t.menu:7:28: error: schedule 'office' has no holiday 'christmass' (did you mean 'christmas'?)",
            "t.menu:8:28: error: schedule 'office' has no holiday 'easter'",
            "t.menu:9:20: error: a schedule is 'open', 'closed' or 'holiday', not 'opn' (did you mean 'open'?)",
            "t.menu:10:20: error: a schedule is 'open', 'closed' or 'holiday', not 'shut'",
            "t.menu:11:10: error: a schedule is tested with 'is open', 'is closed' or 'is holiday [NAME]'",
            "t.menu:12:10: error: unknown variable or schedule 'ofice' (did you mean 'office'?)",
        ])
    }

    @Test func languageConditions() {
        #expect(diagnostics(inMain("""
                when language starts-with e: hangup
                when language is fr: hangup
                when language is rus: hangup
            """)) == [
            "t.menu:3:10: error: 'language' is tested with 'is', as in 'language is ru'",
            "t.menu:4:22: error: language 'fr' is not among the program's languages (en)",
            "t.menu:5:22: error: language 'rus' is not among the program's languages (en)",
        ])
    }

    @Test func callerAndVariableConditions() {
        #expect(diagnostics("""
            list vip {
                1
            }
            entry main
            menu main {
                when caller in vipp: hangup
                when caller in nobody: hangup
                when caller is abc: hangup
                when caller starts-with 12a: hangup
                when caller is 1234567890123456789012345: hangup
                when cardd is 1: hangup
                when nothing empty: hangup
                collect card 4 digits
                on collected: say digits cardd
            }
            """) == [
            "t.menu:6:20: error: unknown list 'vipp' (did you mean 'vip'?)",
            "t.menu:7:20: error: unknown list 'nobody'",
            "t.menu:8:20: error: unknown variable 'abc'",
            "t.menu:9:29: error: expected digits, found '12a'",
            "t.menu:10:20: error: at most 24 digits, not 25",
            "t.menu:11:10: error: unknown variable or schedule 'cardd' (did you mean 'card'?)",
            "t.menu:12:10: error: unknown variable or schedule 'nothing'",
            "t.menu:14:30: error: unknown variable 'cardd' (did you mean 'card'?)",
        ])
    }
}

// MARK: - Patterns, lists, variables, languages

@Suite struct DeclarationDiagnosticsTests {
    /// Each pattern error points at the character inside the quotes that is wrong.
    @Test func patternErrorsPointIntoTheString() {
        #expect(diagnostics(inMain("""
                when caller matches "": hangup
                when caller matches "1.2": hangup
                when caller matches "12!3": hangup
                when caller matches "[12": hangup
                when caller matches "[]": hangup
                when caller matches "[a]": hangup
                when caller matches "[5-2]": hangup
                when caller matches "[5-x]": hangup
                when caller matches "12Q": hangup
                when caller matches "A": hangup
            """)) == [
            "t.menu:3:26: error: an empty pattern matches nothing",
            "t.menu:4:28: error: nothing may follow '.' in a pattern",
            "t.menu:5:29: error: nothing may follow '!' in a pattern",
            "t.menu:6:26: error: '[' has no closing ']'",
            "t.menu:7:26: error: '[]' allows no digit",
            "t.menu:8:27: error: expected a digit in '[...]', found 'a'",
            "t.menu:9:29: error: expected a digit from 5 to 9 after '-'",
            "t.menu:10:29: error: expected a digit from 5 to 9 after '-'",
            "t.menu:11:28: error: 'Q' is not a digit, '*', '#', X, Z, N, [..], '.' or '!'",
            "t.menu:12:26: error: 'A' is not a digit, '*', '#', X, Z, N, [..], '.' or '!'",
        ])
    }

    @Test func listsAndTheirEntries() {
        #expect(diagnostics("""
            list vip {
                {
                starts-with
                matches 8800
                matches "88[0-"
                12ab
                5551234 5551235
                1234567890123456789012345
            }
            list
            entry main
            menu main {
            }
            """) == [
            "t.menu:2:5: error: expected a number, 'starts-with' or 'matches', found '{'",
            "t.menu:3:16: error: expected digits after 'starts-with', found end of line",
            "t.menu:4:13: error: expected a pattern such as \"8800XXXXXXX\" in quotes, found '8800'",
            "t.menu:5:18: error: expected a digit in '[...]', found '-'",
            "t.menu:6:5: error: expected digits, found '12ab'",
            "t.menu:7:13: error: unexpected '5551235' at the end of the statement",
            "t.menu:8:5: error: at most 24 digits, not 25",
            "t.menu:10:5: error: expected a list name, found end of line",
        ])
    }

    @Test func listWithoutItsBraces() {
        #expect(diagnostics("list vip\n    5551234\n}\nentry main\nmenu main {\n    when caller in vip: hangup\n}\n")
            == ["t.menu:1:9: error: expected '{' after the list name 'vip', found end of line"])
        #expect(diagnostics("entry main\nmenu main {\n}\nlist vip {\n    5551234\n")
            == ["t.menu:4:6: error: list 'vip' has no closing '}'"])
    }

    @Test func duplicateListAndSchedule() {
        #expect(diagnostics("""
            list vip {
                1
            }
            list vip {
                2
            }
            schedule office {
                timezone "UTC"
            }
            schedule office {
                timezone "UTC"
            }
            entry main
            menu main {
            }
            """) == [
            "t.menu:4:6: error: duplicate list 'vip' (first defined at 1:6)",
            "t.menu:10:10: error: duplicate schedule 'office' (first defined at 7:10)",
        ])
    }

    @Test func variablesNeedNamesOfTheirOwn() {
        #expect(diagnostics("""
            list vip {
                1
            }
            schedule office {
                timezone "UTC"
            }
            when caller anonymous: set caller 1
            when caller anonymous: set language 1
            when caller anonymous: set vip 1
            when caller anonymous: set office 1
            when caller anonymous: set 1x 1
            entry main
            menu main {
            }
            """) == [
            "t.menu:7:28: error: 'caller' is already the caller's number: a variable needs a name of its own",
            "t.menu:8:28: error: 'language' is already the caller's language: a variable needs a name of its own",
            "t.menu:9:28: error: 'vip' is already a list: a variable needs a name of its own",
            "t.menu:10:28: error: 'office' is already a schedule: a variable needs a name of its own",
            "t.menu:11:28: error: a variable name starts with a letter, not '1x'",
        ])
        #expect(diagnostics(inMain("    collect caller 4 digits\n    on collected: hangup"))
            == ["t.menu:3:13: error: 'caller' is already the caller's number: a variable needs a name of its own"])
    }

    @Test func tooManyVariables() {
        let rules = (1...33).map { "when caller is 1: set v\($0) 1\n" }.joined()
        #expect(diagnostics(rules + "entry main\nmenu main {\n}\n")
            == ["t.menu:33:23: error: 'v33' would be variable number 33: a program has at most 32"])
    }

    @Test func valuesOfSetAndSay() {
        #expect(diagnostics(inMain("""
                on 1: set x 12a
                on 2: set y z
                on 3: say number 1234567890123456789012345
                on 4: set x 5; set y x; say digits y
            """)) == [
            "t.menu:3:17: error: expected digits, found '12a'",
            "t.menu:4:17: error: unknown variable 'z' (did you mean 'x'?)",
            "t.menu:5:22: error: at most 24 digits, not 25",
        ])
    }

    @Test func languagesFromTheCatalogue() {
        #expect(diagnostics("languages en, fr, ru, en, rus\nentry main\nmenu main {\n}\n") == [
            "t.menu:1:15: error: language 'fr' is not in the prompt catalogue",
            "t.menu:1:23: error: language 'en' is listed twice",
            "t.menu:1:27: error: language 'rus' is not in the prompt catalogue (did you mean 'ru'?)",
        ])
        #expect(diagnostics("languages en, ru\nentry main\nmenu main {\n    on 1: language rus\n    on 2: language fr\n}\n") == [
            "t.menu:4:20: error: language 'rus' is not among the program's languages (en, ru) (did you mean 'ru'?)",
            "t.menu:5:20: error: language 'fr' is not among the program's languages (en, ru)",
        ])
    }
}

// MARK: - Declared actions

@Suite struct DeclaredActionDiagnosticsTests {
    @Test func declaredActionsNeedTheNotAvailablePrompt() {
        // Reported once, at the first declared action.
        #expect(diagnostics(inMain("    on 1: survey support\n    on 2: record"), notAvailable: false)
            == ["t.menu:3:11: error: 'survey' is not built yet and plays the prompt 'not-available' meanwhile: add that prompt to the catalogue"])
        #expect(diagnostics(inMain("    on 1: survey support\n    on 2: record")) == [])
    }

    @Test func numbersOfDeclaredActions() {
        #expect(diagnostics(inMain("""
                on 1: transfer abc
                on 2: extension 12x
                on 3: voicemail 1234567890123456789012345
                on 4: transfer
                on 5: transfer 5551234; hangup
            """)) == [
            "t.menu:3:20: error: expected digits, found 'abc'",
            "t.menu:4:21: error: expected digits, found '12x'",
            "t.menu:5:21: error: at most 24 digits, not 25",
            "t.menu:6:19: error: expected what 'transfer' goes to, found end of line",
        ])
    }
}

// MARK: - Included files

@Suite struct IncludeDiagnosticsTests {
    @Test func unreadableInclude() {
        #expect(diagnostics("include \"missing.menu\"\nentry main\nmenu main {\n}\n")
            == ["t.menu:1:9: error: cannot read included file 'missing.menu'"])
    }

    @Test func errorsInAnIncludedFileNameThatFile() {
        let files = ["a.menu": "menu extra {\n    play welcom\n    on 1 hangup\n}\n"]
        #expect(diagnostics("include \"a.menu\"\nentry main\nmenu main {\n    on 1: goto extr\n    on 2: goto extra\n}\n", files: files) == [
            "t.menu:4:16: error: unknown menu 'extr' (did you mean 'extra'?)",
            "a.menu:2:10: error: unknown prompt 'welcom'",
            "a.menu:3:10: error: expected ':' after key '1', found 'hangup'",
        ])
    }

    @Test func includedFilesAreRelativeToTheIncludingOne() {
        let files = ["menus/sub/a.menu": "include \"b.menu\"\n", "menus/sub/b.menu": "include \"c.menu\"\n"]
        #expect(diagnostics("include \"sub/a.menu\"\nentry main\nmenu main {\n}\n", file: "menus/t.menu", files: files)
            == ["menus/sub/b.menu:1:9: error: cannot read included file 'c.menu'"])
    }

    @Test func secondEntryAndLanguagesInAnInclude() {
        let files = ["a.menu": "entry other\nlanguages ru\nmenu other {\n}\n"]
        #expect(diagnostics("include \"a.menu\"\nentry main\nlanguages en\nmenu main {\n    on 1: goto other\n}\n", files: files) == [
            "a.menu:1:7: error: a second 'entry' (the first is at t.menu:2:7)",
            "a.menu:2:1: error: a second 'languages' (the first is at t.menu:3:1)",
        ])
    }

    /// A duplicate names the file of the first definition only when it is another one.
    @Test func duplicatesAcrossFiles() {
        let files = ["a.menu": "menu main {\n}\nlist a {\n    1\n}\nlist a {\n    2\n}\n"]
        #expect(diagnostics("include \"a.menu\"\nentry main\nmenu main {\n}\n", files: files) == [
            "a.menu:1:6: error: duplicate menu 'main' (first defined at t.menu:3:6)",
            "a.menu:6:6: error: duplicate list 'a' (first defined at 3:6)",
        ])
    }

    @Test func aCycleAndARepeatedIncludeAreReadOnce() {
        var reads: [String] = []
        let files = ["a.menu": "include \"b.menu\"\nmenu extra {\n    on 1: hangup\n}\n", "b.menu": "include \"a.menu\"\ninclude \"t.menu\"\n"]
        let environment = MenuCompiler.Environment(languages: ["en"], readFile: { name in
            reads.append(name)
            return files[name]
        }, resolvePrompt: { _ in .unknown })
        let compilation = MenuCompiler.compile(source: "include \"a.menu\"\ninclude \"a.menu\"\nentry main\nmenu main {\n    on 1: goto extra\n}\n",
                                               file: "t.menu", environment: environment)
        #expect(compilation.diagnostics.map(\.description) == [])
        #expect(reads == ["a.menu", "b.menu"])
    }
}

// MARK: - Warnings

@Suite struct WarningTests {
    @Test func unreachableMenu() {
        let compilation = compile("entry main\nmenu main {\n    on 1: goto sales\n}\nmenu sales {\n}\nmenu old {\n    on 1: goto old2\n}\nmenu old2 {\n}\n")
        #expect(compilation.diagnostics.map(\.description) == [
            "t.menu:7:6: warning: menu 'old' is never reached from entry 'main'",
            "t.menu:10:6: warning: menu 'old2' is never reached from entry 'main'",
        ])
        #expect(compilation.program != nil)
    }

    @Test func aMenuReachedByAFileLevelRuleIsReached() {
        #expect(diagnostics("when caller anonymous: goto vip\nentry main\nmenu main {\n}\nmenu vip {\n}\n") == [])
    }

    @Test func loopWithNoWayOut() {
        let compilation = compile("""
            entry main
            menu main {
                on 1: goto trap
                on 2: goto inner
            }
            menu trap {
                on 1: goto trap2
                on failure: repeat
            }
            menu trap2 {
                on 1: goto trap
                on failure: goto trap
            }
            menu inner {
                on #: back
                on failure: repeat
            }
            """)
        #expect(compilation.diagnostics.map(\.description) == [
            "t.menu:6:6: warning: menu 'trap' is a loop with no way out: nothing reachable from it ends or hands on the call",
            "t.menu:10:6: warning: menu 'trap2' is a loop with no way out: nothing reachable from it ends or hands on the call",
        ])
        #expect(compilation.program != nil)
    }

    @Test func aDeclaredActionIsAWayOut() {
        #expect(diagnostics(inMain("    on 1: survey support\n    on failure: repeat")) == [])
    }
}

// MARK: - The prompt catalogue

@Suite struct CatalogueDiagnosticsTests {
    private func errors(_ source: String) -> [String] {
        do {
            _ = try PromptCatalogue.parse(source: source, file: "c.prompts")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func everyCatalogueError() {
        #expect(errors("""
            language
            language en
            language en "/sounds/en"
            language en "/other"
            prompt
            prompt welcome en
            prompt goodbye "vm-goodbye", "x"
            sound welcome "hello"
            prompt hello "hello-world
            """) == [
            "c.prompts:1:9: error: expected a language code such as en, found end of line",
            "c.prompts:2:12: error: expected the language's folder in quotes, found end of line",
            "c.prompts:4:10: error: language 'en' is declared twice",
            "c.prompts:5:7: error: expected a prompt name, found end of line",
            "c.prompts:6:18: error: expected the file for 'en' in quotes, found end of line",
            "c.prompts:7:28: error: unexpected ',' at the end of the statement",
            "c.prompts:8:1: error: expected 'language' or 'prompt', found 'sound'",
            "c.prompts:9:14: error: unterminated string",
        ])
    }

    @Test func aCatalogueWithoutLanguages() {
        #expect(errors("// nothing yet\n") == ["c.prompts:1:1: error: no language: add 'language NAME \"FOLDER\"'"])
        // Not as well as another error: the file may have meant to declare one.
        #expect(errors("language\n") == ["c.prompts:1:9: error: expected a language code such as en, found end of line"])
    }
}

// MARK: - Suggestions

@Suite struct SuggestionTests {
    @Test func closestIsNearEnoughToBeATypo() {
        #expect(Suggestion.closest(to: "sale", among: ["sales", "support"]) == "sales")
        #expect(Suggestion.closest(to: "suport", among: ["sales", "support"]) == "support")
        #expect(Suggestion.closest(to: "xyz", among: ["sales", "support"]) == nil)
        // At most a third of the name's length, at least one edit.
        #expect(Suggestion.closest(to: "ab", among: ["xy"]) == nil)
        #expect(Suggestion.closest(to: "ab", among: ["abc"]) == "abc")
        #expect(Suggestion.closest(to: "abcdef", among: ["abcdxy"]) == "abcdxy")
        #expect(Suggestion.closest(to: "abcdef", among: ["abxyzf"]) == nil)
        // The name itself is no suggestion; nothing to choose from, none either.
        #expect(Suggestion.closest(to: "main", among: ["main"]) == nil)
        #expect(Suggestion.closest(to: "main", among: [String]()) == nil)
        #expect(Suggestion.closest(to: "", among: ["a", "bc"]) == "a")
    }

    @Test func theNearestWinsAndTiesGoAlphabetically() {
        #expect(Suggestion.closest(to: "offices", among: ["offic", "office"]) == "office")
        for candidates in [["card8", "card1", "cart3"], ["cart3", "card1", "card8"], ["card1", "cart3", "card8"]] {
            #expect(Suggestion.closest(to: "card3", among: candidates) == "card1")
        }
        #expect(Suggestion.closest(to: "card3", among: Set(["card8", "card1", "cart3"])) == "card1")
    }

    @Test func hint() {
        #expect(Suggestion.hint(for: "sale", among: ["sales"]) == " (did you mean 'sales'?)")
        #expect(Suggestion.hint(for: "nowhere", among: ["sales"]) == "")
    }
}

// MARK: - Queues and agents

@Suite struct QueueDiagnosticsTests {
    static let schedule = "schedule office {\ntimezone \"UTC\"\nmon-fri 09:00-17:00\n}"

    @Test func agentsStrategiesAndHoursAreCheckedWithTheirPlaces() {
        let source = """
            entry main
            agent 4 mobile 55x5
            agent 4
            \(Self.schedule)
            menu main {
                play welcome
                on 1: queue support
                on 2: queue sales
            }
            queue support {
                agents 4, 5, 4
                strategy fastest
                hours ofice
            }
            queue sales {
                agents 5
                on closed: play closed
            }
            """
        #expect(diagnostics(source) == [
            "t.menu:2:16: error: expected a phone number to dial (digits, * and #, at most 24), found '55x5'",
            "t.menu:3:7: error: agent 4 is declared twice (first at 2:7)",
            "t.menu:14:18: error: agent 4 is listed twice in queue 'support'",
            "t.menu:15:14: error: unknown strategy 'fastest'",
            "t.menu:16:11: error: no schedule 'ofice' for the hours of queue 'support' (did you mean 'office'?)",
            "t.menu:20:16: warning: 'on closed' in queue 'sales' never runs without 'hours SCHEDULE'",
        ])
    }

    @Test func aCallbackHandlerHangsUpUnlessItSaysOtherwiseAndAMobileAgentKeepsItsNumber() throws {
        let source = """
            entry main
            agent 7 mobile 5559876 skills billing 3
            \(Self.schedule)
            menu main {
                play welcome
                on 1: queue support
            }
            queue support {
                agents 7
                hours office
                on 5: callback
                on 6: callback; goto main
                on 0: goto main
                on closed: play closed; hangup
            }
            """
        let program = try #require(compile(source).program)
        let queue = try #require(program.queues.first)
        #expect(queue.keyActions[5]?.transfer == .hangup)
        #expect(queue.keyActions[6]?.transfer == .goto(0))
        #expect(queue.keyActions[5]?.requestsCallback == true && queue.keyActions[0]?.requestsCallback == false)
        #expect(queue.hours == 0 && queue.onClosed?.transfer == .hangup)
        #expect(program.agents.map(\.number) == [7] && program.agents[0].mobile == "5559876"
                && program.agents[0].skills == ["billing": 3])
    }
}

// MARK: - Mailboxes

@Suite struct MailboxDiagnosticsTests {
    /// A file with `box` declared and a menu that leaves messages in 200.
    private func withBox(_ box: String) -> String {
        box + "\nentry main\nmenu main {\n    on 1: voicemail 200\n    on 2: check-voicemail 200\n}\n"
    }

    @Test func aGoodMailboxCompiles() throws {
        let source = withBox("""
            languages en, ru
            mailbox 200 {
                owner 5
                language ru
                greeting unavailable sales
                greeting busy closed
                greeting name welcome
                max-message 120s
                silence 4s
                lockout after 5 failures for 600s
            }
            """)
        #expect(diagnostics(source) == [])
        let box = try #require(compile(source).program?.mailboxes.first)
        #expect(box.number == "200" && box.owner == 5 && box.language == 1)
        #expect(box.maxMessageMilliseconds == 120_000 && box.silenceMilliseconds == 4000)
        #expect(box.lockoutFailures == 5 && box.lockoutMilliseconds == 600_000)
        #expect(box.unavailableGreeting != nil && box.busyGreeting != nil && box.nameGreeting != nil)
    }

    @Test func badDeclarationsAreRejectedWhereTheyAreWritten() {
        #expect(diagnostics(withBox("""
            mailbox 200 {
                owner desk
                greeting holiday sales
                greeting name welcom
                max-message 2s
                silence 5
                pin-hash "4711"
                lockout after 0 failures for 60s
                voicemail 300
            }
            mailbox 200 {
            }
            """)) == [
            "t.menu:2:11: error: expected the owner's extension number (1 to 999), found 'desk'",
            "t.menu:3:14: error: expected 'unavailable', 'busy' or 'name' after 'greeting', found 'holiday'",
            "t.menu:4:19: error: unknown prompt 'welcom'",
            "t.menu:5:17: error: duration '2s' must be from 5s to 600s",
            "t.menu:6:13: error: duration '5' needs a unit: s or ms",
            "t.menu:7:14: error: mailbox '200': 'pin-hash' takes an Argon2id hash (\"$argon2id$v=19$...\"), not '4711…'",
            "t.menu:8:19: error: the number of wrong PINs that lock the box must be from 1 to 20, not 0",
            "t.menu:9:5: error: expected 'owner', 'language', 'greeting', 'max-message', 'silence', 'pin-hash' or 'lockout' in mailbox '200', found 'voicemail'",
            "t.menu:11:9: error: duplicate mailbox '200' (first defined at 1:9)",
        ])
    }

    @Test func undeclaredBoxesAreWarnings() {
        #expect(diagnostics("mailbox 200 {\n}\nentry main\nmenu main {\n    on 1: voicemail 201\n}\n")
            == ["t.menu:5:21: warning: mailbox '201' is not declared: callers who choose it hear 'not-available' (did you mean '200'?)"])
    }

    @Test func mailboxesNeedTheirPrompts() {
        let environment = MenuCompiler.Environment(resolvePrompt: { name in
            name == "vm-beep" ? .unknown : .found(name.hashValue & 0xffff)
        })
        let compilation = MenuCompiler.compile(source: withBox("mailbox 200 {\n}"), file: "t.menu", environment: environment)
        #expect(compilation.errors.map(\.description) == ["t.menu:1:9: error: mailboxes need the prompt 'vm-beep': add it to the prompt catalogue"])
    }
}
