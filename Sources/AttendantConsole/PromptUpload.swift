#if canImport(Glibc)
import Glibc
#endif
import AttendantPrompts
import Foundation

/// A prompt received over the console line with ZMODEM (lrzsz's `rz` on the board,
/// `sz` or picocom's C-a C-s on the laptop): checked, converted by sox to the board's
/// format (8 kHz, mono, 16-bit WAV) and stored as `NAME.wav` in the uploaded prompts'
/// folder, where the next commit's compile finds it.
public struct PromptUpload: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Where uploaded prompts live (on the data partition).
    public let folder: String
    /// Longer than this is not a prompt.
    public static let maximumSeconds = 300.0
    public static let minimumSeconds = 0.3
    /// Quieter than this (RMS, dB below full scale) is silence, or a wrong file.
    public static let silenceDBFS = -50.0

    public init(folder: String) { self.folder = folder }

    public static func isValidName(_ name: String) -> Bool {
        (1...40).contains(name.count) && name.first!.isLetter
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// Receives one file on `descriptor` (the console line) into a fresh staging folder.
    public func receive(on descriptor: Int32, seconds: Double = 120) throws -> String {
        try ZmodemTransfer.receive(on: descriptor, into: folder, seconds: seconds)
    }

    /// Converts and checks a received file, then stores it as prompt `name`. The staging
    /// folder goes either way. Returns what to tell the administrator.
    public func store(_ received: String, as name: String) throws -> String {
        let staging = (received as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let converted = staging + "/.converted.wav"
        let sox = ChildProcess.run(["sox", "-V1", received, "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", converted, "dither"])
        guard sox.status == 0 else {
            throw Failure(description: "'\((received as NSString).lastPathComponent)' is no audio sox can read: \(sox.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        let samples = try WAVFile.read(path: converted)
        let seconds = Double(samples.count) / 8000
        guard seconds >= Self.minimumSeconds, seconds <= Self.maximumSeconds else {
            throw Failure(description: String(format: "%.1f s long: a prompt lasts %.1f to %.0f s", seconds, Self.minimumSeconds, Self.maximumSeconds))
        }
        let level = Self.levels(samples)
        guard level.rms > Self.silenceDBFS else {
            throw Failure(description: String(format: "silent (%.0f dBFS RMS): check the recording", level.rms))
        }
        let target = folder + "/" + name + ".wav"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard rename(converted, target) == 0 else { throw Failure(description: "cannot store \(target): \(String(cString: strerror(errno)))") }
        var report = String(format: "prompt %@: %.1f s, %.0f dBFS RMS, peak %.0f dBFS, stored as %@ (8 kHz mono)",
                            name, seconds, level.rms, level.peak, target)
        if level.peak > -0.1 { report += "; warning: it clips" }
        if level.rms < -35 { report += "; warning: it is quiet" }
        return report + ". A menu plays it after the next commit."
    }

    static func levels(_ samples: [Int16]) -> (rms: Double, peak: Double) {
        var sum = 0.0, peak = 0
        for sample in samples {
            sum += Double(sample) * Double(sample)
            peak = max(peak, abs(Int(sample)))
        }
        let rms = (sum / Double(max(1, samples.count))).squareRoot()
        return (20 * log10(max(rms, 1) / 32768), 20 * log10(Double(max(peak, 1)) / 32768))
    }

}
