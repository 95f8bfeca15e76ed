import AttendantSyntax
import AttendantMenu
import Foundation
import Testing

@Suite struct PromptCatalogueTests {
    @Test func resolvesFilesPerLanguage() throws {
        let catalogue = try PromptCatalogue.parse(source: """
            language en "/sounds/en"
            language ru "ru"   // relative to the catalogue's folder
            prompt welcome "hello-world"
            prompt goodbye en "vm-goodbye" ru "vm-goodbye-ru.wav"
            """, file: "/etc/attendant/catalogue.prompts")
        #expect(catalogue.languages == ["en", "ru"])
        #expect(catalogue.names == ["welcome", "goodbye"])
        #expect(catalogue.path(of: "welcome", language: "en") == "/sounds/en/hello-world.wav")
        #expect(catalogue.path(of: "welcome", language: "ru") == "/etc/attendant/ru/hello-world.wav")
        #expect(catalogue.path(of: "goodbye", language: "ru") == "/etc/attendant/ru/vm-goodbye-ru.wav")
        #expect(catalogue.path(of: "goodbye", language: "fr") == nil)
        #expect(catalogue.path(of: "nothing", language: "en") == nil)
        #expect(catalogue.entry(named: "goodbye")?.location == SourceLocation(file: "/etc/attendant/catalogue.prompts", line: 4, column: 8))
    }

    @Test func errorsCarryTheirPositions() {
        do {
            _ = try PromptCatalogue.parse(source: """
                language en "/sounds/en"
                prompt welcome "hello-world"
                prompt welcome "other"
                prompt goodbye fr "au-revoir"
                prompt silence
                """, file: "c.prompts")
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "c.prompts:3:8: error: duplicate prompt 'welcome' (first defined at 2:8)",
                "c.prompts:4:16: error: unknown language 'fr' (declare it with 'language')",
                "c.prompts:5:15: error: expected the prompt's file in quotes, found end of file",
            ])
        }
    }

    @Test func theShippedDemoMenuCompilesAgainstTheShippedCatalogue() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let cataloguePath = root.appendingPathComponent("prompts/catalogue.prompts").path
        let menuPath = root.appendingPathComponent("examples/demo.menu").path
        let catalogue = try PromptCatalogue.parse(source: String(contentsOfFile: cataloguePath, encoding: .utf8),
                                                  file: cataloguePath)
        let compilation = MenuCompiler.compile(source: try String(contentsOfFile: menuPath, encoding: .utf8),
                                               file: menuPath) { name in
            catalogue.names.firstIndex(of: name).map(PromptLookup.found) ?? .unknown
        }
        #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics)")
        #expect(compilation.program?.menus.count == 3)
    }
}
