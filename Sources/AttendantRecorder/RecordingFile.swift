import AttendantDSP
import Foundation

/// Why a file operation on flash failed: the call goes on, the recording stops.
public struct RecordingFileError: Error, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var code: Int32
    public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    public var isDiskFull: Bool { code == ENOSPC || code == EFBIG || code == EDQUOT }
}

/// One recording being written, on the recorder thread.
///
/// The header goes first with no samples; samples are appended in whole blocks; at
/// each sync the data is made durable (`fdatasync`) and only then does the header
/// say how much there is. A cut leaves a header that undercounts by at most one
/// sync period and never points past durable data: every player opens the file,
/// and the next start's repair (`RecordingRepair`) counts the rest.
final class RecordingFile {
    let path: String
    let format: RecordingFormat
    private let descriptor: Int32
    private var pending: [UInt8] = []
    /// ADPCM codes a block of 505 samples at a time: the samples waiting for it.
    private var staged: [[Int16]]
    private var stagedCount = 0
    private let encoders: [IMAADPCMEncoder]
    private var blockBytes: [UInt8]
    private let law: CompandingLaw?
    /// Bytes of samples appended (written or pending).
    private(set) var dataBytes = 0
    /// Bytes of samples on the file (not pending).
    private var writtenBytes = 0
    /// `samples` when the file was last made durable.
    private(set) var samplesAtLastSync = 0
    let startedAt = Date()
    /// Silence that completed the last ADPCM block at close: not part of the call's length.
    private var paddedSamples = 0

    init(path: String, format: RecordingFormat) throws(RecordingFileError) {
        self.path = path
        self.format = format
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw RecordingFileError(path: path, operation: "create", code: errno) }
        staged = Array(repeating: Array(repeating: 0, count: IMAADPCM.samplesPerBlock), count: format.channels)
        encoders = format.encoding == .imaADPCM ? (0..<format.channels).map { _ in IMAADPCMEncoder() } : []
        blockBytes = Array(repeating: 0, count: IMAADPCM.bytesPerChannelBlock * format.channels)
        law = switch format.encoding {
        case .aLaw: .aLaw
        case .muLaw: .muLaw
        default: nil
        }
        pending.reserveCapacity(64 * 1024)
        try writeHeader()
    }

    deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

    /// Samples per channel appended so far.
    var samples: Int { format.samples(inDataBytes: dataBytes) + stagedCount - paddedSamples }

    /// Appends one frame: the caller's side and what the caller heard.
    func append(left: UnsafeBufferPointer<Int16>, right: UnsafeBufferPointer<Int16>) {
        for index in 0..<left.count {
            let l = left[index], r = right[index]
            if format.layout == .stereo {
                put(l, channel: 0)
                put(r, channel: 1)
            } else {
                put(Int16(clamping: Int32(l) + Int32(r)), channel: 0)
            }
            if format.encoding == .imaADPCM {
                stagedCount += 1
                if stagedCount == IMAADPCM.samplesPerBlock { encodeStagedBlock() }
            }
        }
    }

    private func put(_ sample: Int16, channel: Int) {
        switch format.encoding {
        case .linear16:
            let bits = UInt16(bitPattern: sample)
            pending.append(UInt8(bits & 0xFF))
            pending.append(UInt8(bits >> 8))
            dataBytes += 2
        case .aLaw, .muLaw:
            pending.append(law!.encode(sample))
            dataBytes += 1
        case .imaADPCM:
            staged[channel][stagedCount] = sample
        }
    }

    /// WAV IMA ADPCM interleaves channels in 4-byte words after the channels' headers.
    private func encodeStagedBlock() {
        let size = IMAADPCM.bytesPerChannelBlock
        blockBytes.withUnsafeMutableBufferPointer { out in
            for channel in 0..<format.channels {
                staged[channel].withUnsafeBufferPointer { encoders[channel].encodeBlock($0.baseAddress!, into: out.baseAddress! + channel * size) }
            }
        }
        if format.channels == 1 {
            pending.append(contentsOf: blockBytes)
        } else {
            for channel in 0..<2 { pending.append(contentsOf: blockBytes[(channel * size)..<(channel * size + 4)]) }
            var word = 4
            while word < size {
                for channel in 0..<2 { pending.append(contentsOf: blockBytes[(channel * size + word)..<(channel * size + word + 4)]) }
                word += 4
            }
        }
        dataBytes += format.blockAlign
        stagedCount = 0
    }

    /// Hands pending bytes to the kernel.
    func flush() throws(RecordingFileError) {
        var offset = 0
        while offset < pending.count {
            let position = off_t(format.dataOffset + writtenBytes + offset)
            let written = pending.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + offset, $0.count - offset, position) }
            if written < 0 {
                if errno == EINTR { continue }
                throw RecordingFileError(path: path, operation: "write", code: errno)
            }
            offset += written
        }
        writtenBytes += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    /// Makes what was appended durable, then lets the header count it.
    func sync() throws(RecordingFileError) {
        try flush()
        guard fdatasync(descriptor) == 0 else { throw RecordingFileError(path: path, operation: "fdatasync", code: errno) }
        try writeHeader()
        samplesAtLastSync = samples
    }

    /// Codes what is staged (an ADPCM block padded with silence), syncs and closes.
    func close() throws(RecordingFileError) {
        if format.encoding == .imaADPCM, stagedCount > 0 {
            let real = stagedCount
            for channel in 0..<format.channels {
                for index in stagedCount..<IMAADPCM.samplesPerBlock { staged[channel][index] = 0 }
            }
            stagedCount = IMAADPCM.samplesPerBlock
            encodeStagedBlock()
            paddedSamples = IMAADPCM.samplesPerBlock - real
        }
        try sync()
        guard fsync(descriptor) == 0 else { throw RecordingFileError(path: path, operation: "fsync", code: errno) }
    }

    /// Size on flash once closed.
    var fileBytes: Int { format.dataOffset + writtenBytes }

    private func writeHeader() throws(RecordingFileError) {
        let header = format.header(dataBytes: writtenBytes)
        let written = header.withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, $0.count, 0) }
        guard written == header.count else { throw RecordingFileError(path: path, operation: "write header of", code: written < 0 ? errno : ENOSPC) }
    }
}
