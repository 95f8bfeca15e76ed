import AttendantStore
import Foundation
import ZIPFoundation

/// The office's state as one ZIP archive: the running configuration, the uploaded
/// prompts and a consistent copy of the database (calls, recordings' rows, voicemail,
/// users, the audit log, every configuration version). Recordings' audio stays out: it
/// is large, and `download recording ID` fetches any one.
///
/// ```
/// manifest.txt             what made it, and when
/// configuration.menu       the running menu file's text
/// prompts/NAME.wav         each uploaded prompt
/// attendant.sqlite         the database
/// ```
public struct ConsoleBackup: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// Writes a new archive; returns its path.
    public func make(configuration: String, prompts: String?, database: AttendantDatabase, by who: String, now: Date) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let stamp = Self.stampFormat.string(from: now)
        let path = folder + "/backup-\(stamp).zip"
        let staging = folder + "/.staging-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try database.backup(toFile: staging + "/attendant.sqlite")
        let archive = try Archive(url: URL(fileURLWithPath: path + ".new"), accessMode: .create)
        let manifest = "Attendant backup\nmade by \(who)\nat \(ISO8601DateFormatter().string(from: now))\n"
        try add(Data(manifest.utf8), as: "manifest.txt", to: archive)
        try add(Data(configuration.utf8), as: "configuration.menu", to: archive)
        try archive.addEntry(with: "attendant.sqlite", fileURL: URL(fileURLWithPath: staging + "/attendant.sqlite"), compressionMethod: .deflate)
        if let prompts {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: prompts)) ?? []).filter { $0.hasSuffix(".wav") }.sorted()
            for name in names {
                try archive.addEntry(with: "prompts/" + name, fileURL: URL(fileURLWithPath: prompts + "/" + name), compressionMethod: .deflate)
            }
        }
        guard rename(path + ".new", path) == 0 else { throw Failure(description: "cannot write \(path)") }
        return path
    }

    /// What an archive holds, unpacked into a folder of its own (removed by `discard`).
    public struct Contents {
        public let folder: String
        public let configuration: String
        public let database: String
        /// Uploaded prompts' files, unpacked.
        public let prompts: [String]
        public let manifest: String

        public func discard() { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Unpacks and checks an archive: it must hold a configuration and a database.
    public func open(_ path: String) throws -> Contents {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw Failure(description: "\((path as NSString).lastPathComponent) is no ZIP archive: \(error)")
        }
        let target = folder + "/.restore-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: target + "/prompts", withIntermediateDirectories: true)
        var prompts: [String] = []
        do {
            for entry in archive where entry.type == .file {
                let name = entry.path
                let allowed = ["manifest.txt", "configuration.menu", "attendant.sqlite"].contains(name)
                    || (name.hasPrefix("prompts/") && name.hasSuffix(".wav") && !name.dropFirst(8).contains("/")
                        && PromptUpload.isValidName(String(name.dropFirst(8).dropLast(4))))
                guard allowed else { throw Failure(description: "unexpected entry '\(name)': not an Attendant backup") }
                _ = try archive.extract(entry, to: URL(fileURLWithPath: target + "/" + name))
                if name.hasPrefix("prompts/") { prompts.append(target + "/" + name) }
            }
            guard let configuration = try? String(contentsOfFile: target + "/configuration.menu", encoding: .utf8),
                  FileManager.default.fileExists(atPath: target + "/attendant.sqlite") else {
                throw Failure(description: "the archive lacks configuration.menu or attendant.sqlite: not an Attendant backup")
            }
            let manifest = (try? String(contentsOfFile: target + "/manifest.txt", encoding: .utf8)) ?? ""
            return Contents(folder: target, configuration: configuration, database: target + "/attendant.sqlite",
                            prompts: prompts.sorted(), manifest: manifest)
        } catch {
            try? FileManager.default.removeItem(atPath: target)
            throw error
        }
    }

    /// The archives in the folder, newest first.
    public func archives() -> [(name: String, bytes: Int)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("backup-") && $0.hasSuffix(".zip") }
        return names.sorted(by: >).map { name in
            (name, ((try? FileManager.default.attributesOfItem(atPath: folder + "/" + name))?[.size] as? Int) ?? 0)
        }
    }

    private func add(_ data: Data, as name: String, to archive: Archive) throws {
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    private static let stampFormat: DateFormatter = {
        let format = DateFormatter()
        format.dateFormat = "yyyyMMdd-HHmmss"
        format.timeZone = TimeZone(identifier: "UTC")
        return format
    }()
}
