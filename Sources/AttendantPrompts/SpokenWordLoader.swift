import AttendantMenu
import AttendantSpeech
import AttendantSyntax
import Foundation

/// Decodes every word the grammars can say, per language of a program that uses
/// `say`: one clip per word, its own recording or its fallback's recordings back to
/// back. A form a language's recordings lack is a warning, never silence.
enum SpokenWordLoader {
    static func load(program: MenuProgram, catalogue: PromptCatalogue,
                     decode: (String) -> ClipCollector.Outcome,
                     clip: (String, [Int16]) -> Int, warnings: inout [Diagnostic]) -> [[Int]] {
        let at = program.firstSay ?? SourceLocation(file: program.sourceFile, line: 1, column: 1)
        let defaultGrammar = SpeechLanguage(code: program.languages[0]) ?? .english
        var rows: [[Int]] = []
        for code in program.languages {
            let grammar = SpeechLanguage(code: code) ?? defaultGrammar
            if SpeechLanguage(code: code) == nil {
                warnings.append(Diagnostic(.warning, at: at, "no grammar for '\(code)': values are said in '\(grammar.code)'"))
            }
            let folder = catalogue.folder(of: code) ?? ""
            let exists = { (path: String) in FileManager.default.fileExists(atPath: folder + "/" + path + ".wav") }
            var row: [Int] = []
            var missing: [String] = []
            for word in Word.allCases {
                guard let resolved = grammar.resolve(word, recordingExists: exists) else {
                    warnings.append(Diagnostic(.warning, at: at, "'\(code)' has no recording for \(word) nor for what stands in for it"))
                    row.append(-1)
                    continue
                }
                if let first = resolved.missing.first { missing.append("\(first)") }
                var samples: [Int16] = []
                for recording in resolved.recordings {
                    if case .success(let part) = decode(folder + "/" + recording + ".wav") { samples += part }
                }
                row.append(samples.isEmpty ? -1 : clip("\(resolved.recordings.joined(separator: "+"))@\(code)", samples))
            }
            if !missing.isEmpty {
                warnings.append(Diagnostic(.warning, at: at, "'\(code)' lacks recordings for \(missing.count) word forms, "
                                           + "said with others instead: \(missing.joined(separator: ", "))"))
            }
            rows.append(row)
        }
        return rows
    }
}
