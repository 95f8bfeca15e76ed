import AttendantMenu
import AttendantSyntax
import Testing

/// "key offered by no prompt": the catalogue says which keys a recording names
/// (`offers 1, 2`), and a key a menu acts on that none of its prompts offers is a warning.
@Suite struct PromptOffersTests {
    static let catalogue = """
        language en "/sounds/en"
        prompt welcome "hello-world"
        prompt options "options" offers 1, 2, #
        prompt extra "extra" offers 3
        """

    func compile(_ source: String) throws -> [String] {
        let catalogue = try PromptCatalogue.parse(source: Self.catalogue, file: "t.prompts")
        let environment = MenuCompiler.Environment(
            promptOffers: { catalogue.entry(named: $0)?.offers },
            resolvePrompt: { catalogue.names.firstIndex(of: $0).map(PromptLookup.found) ?? .unknown })
        return MenuCompiler.compile(source: source, file: "t.menu", environment: environment).diagnostics.map(\.description)
    }

    @Test func aKeyNoPromptOffersIsAWarningAtTheKey() throws {
        #expect(try compile("""
            entry main
            menu main {
                play welcome, options
                on 1: hangup
                on 4: hangup
                on #: repeat
            }
            """) == ["t.menu:5:8: warning: key '4' in menu 'main' is offered by none of its prompts (options offers 1, 2, #)"])
    }

    @Test func everyPromptOfTheMenuCounts() throws {
        #expect(try compile("""
            entry main
            menu main {
                play options, extra
                on 3: hangup
            }
            """).isEmpty)
    }

    @Test func withoutOffersNothingIsKnownAndNothingIsSaid() throws {
        #expect(try compile("""
            entry main
            menu main {
                play welcome
                on 7: hangup
            }
            """).isEmpty)
    }

    @Test func aBadKeyAfterOffersIsAnError() {
        #expect(throws: CatalogueError.self) {
            try PromptCatalogue.parse(source: "language en \"/s\"\nprompt a \"a\" offers 1, x\n", file: "t.prompts")
        }
        do {
            _ = try PromptCatalogue.parse(source: "language en \"/s\"\nprompt a \"a\" offers 1, x\n", file: "t.prompts")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["t.prompts:2:24: error: expected a key (0-9, *, #, A-D) after 'offers', found 'x'"])
        }
    }
}
