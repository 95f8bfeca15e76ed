import AttendantDSP
import Foundation

public enum WAVDecodingError: Error, Equatable, CustomStringConvertible {
    case notRIFF
    case notWAVE
    case missingChunk(String)
    case unsupportedFormat(tag: Int)
    case unsupportedSampleRate(Int)
    case unsupportedChannels(Int)
    case unsupportedBitsPerSample(Int)
    case truncated

    public var description: String {
        switch self {
        case .notRIFF: "not a RIFF file"
        case .notWAVE: "a RIFF file, but not WAVE audio"
        case .missingChunk(let name): "no '\(name)' chunk"
        case .unsupportedFormat(let tag): "format tag \(tag) is not PCM, A-law or µ-law"
        case .unsupportedSampleRate(let rate): "sample rate \(rate) Hz, expected 8000 Hz"
        case .unsupportedChannels(let channels): "\(channels) channels, expected mono"
        case .unsupportedBitsPerSample(let bits): "\(bits) bits per sample, expected 16 (PCM) or 8 (G.711)"
        case .truncated: "the file ends inside a chunk"
        }
    }
}

/// 8 kHz mono WAV files: 16-bit PCM, A-law or µ-law, decoded to linear samples.
public enum WAVFile {
    private enum Format: Int {
        case pcm = 1
        case aLaw = 6
        case muLaw = 7
        case extensible = 0xFFFE
    }

    public static func read(path: String) throws -> [Int16] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try decode(Array(data))
    }

    public static func decode(_ bytes: [UInt8]) throws(WAVDecodingError) -> [Int16] {
        guard bytes.count >= 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46] else { throw .notRIFF }
        guard bytes[8..<12] == [0x57, 0x41, 0x56, 0x45] else { throw .notWAVE }
        var format: (tag: Int, channels: Int, rate: Int, bits: Int)?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset ..< offset + 4], as: UTF8.self)
            let size = Int(littleEndian32(bytes, offset + 4))
            let body = offset + 8
            switch id {
            case "fmt ":
                guard size >= 16, body + size <= bytes.count else { throw .truncated }
                var tag = Int(littleEndian16(bytes, body))
                if tag == Format.extensible.rawValue, size >= 26 {
                    // The real format is the first two bytes of the sub-format GUID.
                    tag = Int(littleEndian16(bytes, body + 24))
                }
                format = (tag, Int(littleEndian16(bytes, body + 2)), Int(littleEndian32(bytes, body + 4)),
                          Int(littleEndian16(bytes, body + 14)))
            case "data":
                guard let format else { throw .missingChunk("fmt ") }
                let end = min(body + size, bytes.count)
                return try samples(bytes[body ..< end], format: format)
            default:
                break
            }
            offset = body + size + (size & 1)  // chunks are padded to even sizes
        }
        throw .missingChunk(format == nil ? "fmt " : "data")
    }

    private static func samples(_ data: ArraySlice<UInt8>,
                                format: (tag: Int, channels: Int, rate: Int, bits: Int)) throws(WAVDecodingError) -> [Int16] {
        guard format.rate == AudioFormat.sampleRate else { throw .unsupportedSampleRate(format.rate) }
        guard format.channels == 1 else { throw .unsupportedChannels(format.channels) }
        switch Format(rawValue: format.tag) {
        case .pcm:
            guard format.bits == 16 else { throw .unsupportedBitsPerSample(format.bits) }
            let start = data.startIndex
            return (0 ..< data.count / 2).map {
                Int16(bitPattern: UInt16(data[start + 2 * $0]) | UInt16(data[start + 2 * $0 + 1]) << 8)
            }
        case .aLaw, .muLaw:
            guard format.bits == 8 else { throw .unsupportedBitsPerSample(format.bits) }
            let law: CompandingLaw = format.tag == Format.aLaw.rawValue ? .aLaw : .muLaw
            return data.map(law.decode)
        default:
            throw .unsupportedFormat(tag: format.tag)
        }
    }

    /// A 16-bit PCM mono WAV file's bytes, for recordings and test fixtures.
    public static func encodePCM16(_ samples: [Int16], sampleRate: Int = AudioFormat.sampleRate) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(44 + samples.count * 2)
        func put32(_ value: Int) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((value >> shift) & 0xFF)) } }
        func put16(_ value: Int) { bytes.append(UInt8(value & 0xFF)); bytes.append(UInt8((value >> 8) & 0xFF)) }
        bytes += Array("RIFF".utf8); put32(36 + samples.count * 2); bytes += Array("WAVE".utf8)
        bytes += Array("fmt ".utf8); put32(16); put16(1); put16(1); put32(sampleRate); put32(sampleRate * 2); put16(2); put16(16)
        bytes += Array("data".utf8); put32(samples.count * 2)
        for sample in samples { put16(Int(UInt16(bitPattern: sample))) }
        return bytes
    }

    private static func littleEndian16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func littleEndian32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(littleEndian16(bytes, offset)) | UInt32(littleEndian16(bytes, offset + 2)) << 16
    }
}
