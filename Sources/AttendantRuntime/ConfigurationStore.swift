import AttendantMenu
import AttendantSyntax
import AttendantPrompts
import Foundation

/// Where the running configuration's text lives and how a text of it compiles: the
/// menu file on flash for `attendant run`, or memory in tests. Console commits write
/// through it, so a restart comes up on the last commit.
public struct ConfigurationStore: Sendable {
    /// What diagnostics name (the menu file's path).
    public let name: String
    public let read: @Sendable () throws -> String
    public let write: @Sendable (String) throws -> Void
    /// Compiles a text as if it were the file (includes relative to it).
    public let compile: @Sendable (String) throws -> LoadedMenu

    public init(name: String, read: @escaping @Sendable () throws -> String,
                write: @escaping @Sendable (String) throws -> Void,
                compile: @escaping @Sendable (String) throws -> LoadedMenu) {
        self.name = name
        self.read = read
        self.write = write
        self.compile = compile
    }

    /// The menu file and its prompt catalogue (read afresh at every compile, so a prompt
    /// added to the catalogue is found by the next commit), plus the prompts uploaded on
    /// the console: each `NAME.wav` in `uploadedPrompts` is prompt NAME in every
    /// language, over the catalogue's recording of that name.
    public static func file(menuFile: String, catalogueFile: String, language: String?,
                            uploadedPrompts: String? = nil) -> ConfigurationStore {
        ConfigurationStore(
            name: menuFile,
            read: {
                do {
                    return try String(contentsOfFile: menuFile, encoding: .utf8)
                } catch {
                    throw MenuLoader.Failure(diagnostics: [Diagnostic(.error, at: SourceLocation(file: menuFile, line: 1, column: 1),
                                                                      "cannot read menu file: \(error.localizedDescription)")])
                }
            },
            write: { try AtomicFile.replace(menuFile, with: Data($0.utf8)) },
            compile: { source in
                var catalogue = try MenuLoader.loadCatalogue(catalogueFile)
                if let uploadedPrompts { addUploads(in: uploadedPrompts, to: &catalogue) }
                return try MenuLoader.compile(source: source, file: menuFile, catalogue: catalogue, language: language)
            })
    }

    /// The catalogue with every uploaded prompt in `folder` added.
    public static func addUploads(in folder: String, to catalogue: inout PromptCatalogue) {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
        for file in files.sorted() where file.hasSuffix(".wav") {
            catalogue.setRecording(String(file.dropLast(4)), path: absolute + "/" + file)
        }
    }

    /// A configuration kept in memory (tests, simulations).
    public static func memory(name: String, initial: String,
                              compile: @escaping @Sendable (String) throws -> LoadedMenu) -> ConfigurationStore {
        final class Box: @unchecked Sendable {
            let lock = NSLock()
            var text: String
            init(_ text: String) { self.text = text }
        }
        let box = Box(initial)
        return ConfigurationStore(name: name, read: { box.lock.withLock { box.text } },
                                  write: { text in box.lock.withLock { box.text = text } }, compile: compile)
    }
}

/// Replaces a file so that a power cut leaves either the old or the new contents whole:
/// a temporary file beside it, synced, renamed over it, and the folder synced.
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot write \(path): \(reason)" }
    }

    static func replace(_ path: String, with data: Data) throws {
        let temporary = path + ".new"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(path: temporary, reason: String(cString: strerror(errno))) }
        var failure: String?
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { failure = String(cString: strerror(errno)); return }
                offset += written
            }
        }
        if failure == nil && fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw Failure(path: path, reason: failure)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
        let folder = open((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
                          O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }
}
