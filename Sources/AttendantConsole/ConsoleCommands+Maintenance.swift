import Foundation

extension ConsoleCommands {
    static let maintenanceHelp = """
        Backups and files to the laptop:
          backup                    the configuration, uploaded prompts and database as one ZIP archive
          show backups              the archives kept on the board
          download backup NAME      send an archive to the laptop with ZMODEM (picocom: C-a C-r)
          download recording ID     send a recording's WAV file to the laptop with ZMODEM
          restore                   receive an archive with ZMODEM (picocom: C-a C-s) and put it back:
                                    configuration, prompts and database
        The board's clock:
          show time                 the board's date, time and time zone
          set time YYYY-MM-DD HH:MM[:SS] [UTC]
                                    set the board's clock (local time unless UTC); call times follow
        """

    /// Backup, restore and download commands; nil when `words` is none of them.
    func maintenanceCommand(_ words: [String]) -> Reply? {
        switch (words[0], words.count > 1 ? words[1] : nil) {
        case ("backup", _):
            guard words.count == 1 else { return usage("backup") }
            guard let services, let backups = services.backups, let database = services.database else { return unavailable() }
            do {
                let path = try backups.make(configuration: try services.history.runningSource(), prompts: services.uploads?.folder,
                                            database: database, by: who.name, now: services.access.currentDate)
                let name = (path as NSString).lastPathComponent
                let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                return Reply(text: "backup written: \(name) (\(bytes / 1024) KiB); 'download backup \(name)' sends it to the laptop")
            } catch {
                return Reply(text: "error: no backup made: \(error)")
            }
        case ("show", "backups"):
            guard let backups = services?.backups else { return unavailable() }
            let archives = backups.archives()
            guard !archives.isEmpty else { return Reply(text: "no backups yet: 'backup' makes one") }
            return Reply(text: (["ARCHIVE                          KIB"] + archives.map { $0.name.padding(33) + String($0.bytes / 1024) })
                .joined(separator: "\n"))
        case ("download", "backup"):
            guard let backups = services?.backups else { return unavailable() }
            guard words.count == 3, backups.archives().contains(where: { $0.name == words[2] }) else {
                return Reply(text: "error: usage: download backup NAME ('show backups' lists them)")
            }
            return sending(backups.folder + "/" + words[2])
        case ("download", "recording"):
            guard words.count == 3, let id = Int64(words[2]) else { return usage("download recording ID") }
            guard let recordings = backendForCommands as? RecordingConsoleBackend,
                  let row = try? recordings.recordings(limit: Int.max).first(where: { $0.id == id }) else {
                return Reply(text: "error: no recording \(id) ('show recordings' lists them)")
            }
            guard FileManager.default.fileExists(atPath: row.path) else { return Reply(text: "error: recording \(id)'s file is gone") }
            return sending(row.path)
        case ("restore", _):
            guard words.count == 1 else { return usage("restore") }
            guard services?.backups != nil, services?.database != nil else { return unavailable() }
            return Reply(text: "send the backup archive now with ZMODEM (picocom: C-a C-s and the file's name); waiting 2 minutes",
                         then: .receiveFile(.backup))
        case ("show", "time"):
            return Reply(text: Self.clockLine(Date(), zone: .current))
        case ("set", "time"):
            guard let date = Self.clockDate(Array(words.dropFirst(2)), zone: .current) else {
                return Reply(text: "error: usage: set time YYYY-MM-DD HH:MM[:SS] [UTC] (a date from 2024 to 2099)")
            }
            // Whatever the setter said (a hardware clock it could not write, a refusal), then
            // the time the board keeps now: the truth either way.
            let said = backendForCommands.setClock(to: date)
            return Reply(text: (said + ["the board's clock is now " + Self.clockLine(Date(), zone: .current)]).joined(separator: "\n"))
        default:
            return nil
        }
    }

    /// `2026-11-29 14:05 (Europe/Berlin, UTC+01:00)`.
    public static func clockLine(_ date: Date, zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let offset = zone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        return formatter.string(from: date) + " (\(zone.identifier), UTC\(sign)"
            + String(format: "%02d:%02d", abs(offset) / 3600, abs(offset) % 3600 / 60) + ")"
    }

    /// The words after `set time`: a date and a time in `zone`, or in UTC with a last word `UTC`.
    public static func clockDate(_ words: [String], zone: TimeZone) -> Date? {
        var words = words
        var zone = zone
        if words.last?.uppercased() == "UTC" {
            words.removeLast()
            zone = TimeZone(identifier: "UTC")!
        }
        guard words.count == 2 else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.isLenient = false
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            formatter.dateFormat = format
            guard let date = formatter.date(from: words.joined(separator: " ")) else { continue }
            let year = Calendar(identifier: .gregorian).dateComponents(in: zone, from: date).year ?? 0
            return (2024...2099).contains(year) ? date : nil
        }
        return nil
    }

    private func sending(_ path: String) -> Reply {
        Reply(text: "receive \((path as NSString).lastPathComponent) now with ZMODEM (picocom: C-a C-r; or rz)",
              then: .sendFile(path: path))
    }

    /// Sends a file over the console line; the session's thread waits meanwhile.
    public func send(_ path: String, on descriptor: Int32) -> Reply {
        let name = (path as NSString).lastPathComponent
        let reply: Reply
        do {
            try ZmodemTransfer.send(path, on: descriptor)
            reply = Reply(text: "\(name) sent")
        } catch {
            reply = Reply(text: "error: \(name) \(error)")
        }
        services?.access.record(who, action: "download \(name)", outcome: reply.text)
        return reply
    }

    /// Receives a backup archive and puts it back: the configuration first (it must
    /// compile with the archive's prompts, or nothing changes), then the database.
    func receiveBackup(on descriptor: Int32) -> Reply {
        guard let services, let backups = services.backups, let database = services.database else { return unavailable() }
        let contents: ConsoleBackup.Contents
        do {
            contents = try backups.open(try ZmodemTransfer.receive(on: descriptor, into: backups.folder))
        } catch {
            return Reply(text: "error: nothing restored: \(error)")
        }
        defer { contents.discard() }
        // The archive's prompts replace the uploaded ones; the old ones come back if the
        // configuration is refused.
        var kept: String?
        if let prompts = services.uploads?.folder {
            kept = prompts + ".before-restore-\(UUID().uuidString)"
            let fileManager = FileManager.default
            if fileManager.fileExists(atPath: prompts) { try? fileManager.moveItem(atPath: prompts, toPath: kept!) }
            try? fileManager.createDirectory(atPath: prompts, withIntermediateDirectories: true)
            for file in contents.prompts {
                try? fileManager.copyItem(atPath: file, toPath: prompts + "/" + (file as NSString).lastPathComponent)
            }
        }
        func putPromptsBack() {
            guard let prompts = services.uploads?.folder, let kept else { return }
            try? FileManager.default.removeItem(atPath: prompts)
            try? FileManager.default.moveItem(atPath: kept, toPath: prompts)
        }
        switch services.history.commit(contents.configuration, base: nil, by: who, comment: "restored from a backup") {
        case .refused(let why):
            putPromptsBack()
            return Reply(text: "error: nothing restored: the archive's configuration is refused:\n\(why)")
        case .done:
            break
        }
        if let kept { try? FileManager.default.removeItem(atPath: kept) }
        do {
            try database.restore(fromFile: contents.database)
        } catch {
            let text = "error: the configuration and prompts are restored, the database is not: \(error)"
            services.access.record(who, action: "restore", outcome: text)
            return Reply(text: text)
        }
        services.history.recordRunning(by: who, comment: "restored from a backup")
        let made = contents.manifest.split(separator: "\n").dropFirst().joined(separator: ", ")
        let text = "restored: configuration, \(contents.prompts.count) prompt(s) and the database of the backup (\(made))"
        services.access.record(who, action: "restore", outcome: text)
        return Reply(text: text)
    }
}
