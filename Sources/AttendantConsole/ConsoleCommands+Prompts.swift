import Foundation

extension ConsoleCommands {
    static let promptHelp = """
        Prompts sent from the laptop:
          upload prompt NAME        receive a recording with ZMODEM (picocom: C-a C-s; or sz FILE):
                                    checked, converted to 8 kHz mono and played as NAME after the next commit
          show prompts              the uploaded prompts
        """

    /// Prompt upload commands; nil when `words` is none of them.
    func promptCommand(_ words: [String]) -> Reply? {
        switch (words[0], words.count > 1 ? words[1] : nil) {
        case ("upload", _):
            guard words.count == 3, words[1] == "prompt" else { return usage("upload prompt NAME") }
            guard let uploads = services?.uploads else { return Reply(text: "error: this appliance takes no uploads (no prompt folder)") }
            guard PromptUpload.isValidName(words[2]) else {
                return Reply(text: "error: a prompt name starts with a letter: letters, digits, '-' and '_', at most 40")
            }
            _ = uploads
            return Reply(text: "send the recording now with ZMODEM (picocom: C-a C-s and the file's name; or sz FILE); "
                         + "waiting 2 minutes", then: .receiveFile(.prompt(words[2])))
        case ("show", "prompts"):
            guard let uploads = services?.uploads else { return Reply(text: "error: this appliance takes no uploads (no prompt folder)") }
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: uploads.folder)) ?? []).filter { $0.hasSuffix(".wav") }.sorted()
            guard !files.isEmpty else { return Reply(text: "no uploaded prompts: 'upload prompt NAME' receives one") }
            return Reply(text: (["PROMPT                                    SECONDS"] + files.map { file in
                let samples = (try? FileManager.default.attributesOfItem(atPath: uploads.folder + "/" + file)[.size] as? Int).map { ($0 - 44) / 2 } ?? 0
                return String(file.dropLast(4)).padding(42) + String(format: "%.1f", Double(samples) / 8000)
            }).joined(separator: "\n"))
        default:
            return nil
        }
    }

    /// Receives a file on the console line and does what it was asked for with it. The
    /// session's thread waits meanwhile: the line belongs to rz until it ends.
    public func receive(_ upload: Upload, on descriptor: Int32) -> Reply {
        switch upload {
        case .prompt(let name): receivePrompt(name, on: descriptor)
        case .backup: receiveBackup(on: descriptor)
        }
    }

    private func receivePrompt(_ name: String, on descriptor: Int32) -> Reply {
        guard let uploads = services?.uploads else { return Reply(text: "error: this appliance takes no uploads") }
        let reply: Reply
        do {
            let received = try uploads.receive(on: descriptor)
            reply = Reply(text: try uploads.store(received, as: name))
        } catch {
            reply = Reply(text: "error: prompt \(name) not stored: \(error)")
        }
        services?.access.record(who, action: "upload prompt \(name)", outcome: reply.text)
        return reply
    }
}
