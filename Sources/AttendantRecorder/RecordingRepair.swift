import Crypto
import Foundation

/// Files a crash or power cut left open, made whole at the next start: the samples
/// that reached flash are kept in whole blocks, the rest cut off, and the header
/// rewritten to count them.
public enum RecordingRepair {
    public struct Result: Sendable, Equatable {
        public var samples: Int
        public var fileBytes: Int
        public var durationSeconds: Double { Double(samples) / 8000 }
    }

    public static func repair(path: String, format: RecordingFormat) throws(RecordingFileError) -> Result {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw RecordingFileError(path: path, operation: "open", code: errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw RecordingFileError(path: path, operation: "stat", code: errno) }
        let dataBytes = max(0, Int(info.st_size) - format.dataOffset) / format.blockAlign * format.blockAlign
        guard ftruncate(descriptor, off_t(format.dataOffset + dataBytes)) == 0 else {
            throw RecordingFileError(path: path, operation: "truncate", code: errno)
        }
        let header = format.header(dataBytes: dataBytes)
        let written = header.withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, $0.count, 0) }
        guard written == header.count else { throw RecordingFileError(path: path, operation: "write header of", code: errno) }
        guard fsync(descriptor) == 0 else { throw RecordingFileError(path: path, operation: "fsync", code: errno) }
        return Result(samples: format.samples(inDataBytes: dataBytes), fileBytes: format.dataOffset + dataBytes)
    }

    /// Hex SHA-256 of a file's bytes.
    public static func sha256(ofFileAt path: String) throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 64 * 1024), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
