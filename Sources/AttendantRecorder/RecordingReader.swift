import AttendantDSP
import Foundation

/// Reads a recording back as linear samples per channel (playback to a port, export, tests).
public enum RecordingReader {
    public struct Audio: Sendable {
        public var format: RecordingFormat
        /// One array per channel: caller then other party, or the mix.
        public var channels: [[Int16]]
    }

    public enum ReadError: Error { case notARecording(String) }

    /// Decodes as many samples as the header counts (what a player would play).
    public static func read(path: String, format: RecordingFormat) throws -> Audio {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes.count >= format.dataOffset, bytes[0..<4].elementsEqual("RIFF".utf8) else { throw ReadError.notARecording(path) }
        let sizeOffset = format.dataOffset - 4
        let declared = Int(bytes[sizeOffset]) | Int(bytes[sizeOffset + 1]) << 8 | Int(bytes[sizeOffset + 2]) << 16 | Int(bytes[sizeOffset + 3]) << 24
        let dataBytes = min(declared, bytes.count - format.dataOffset) / format.blockAlign * format.blockAlign
        let data = bytes[format.dataOffset..<(format.dataOffset + dataBytes)]
        let count = format.channels
        var channels = Array(repeating: [Int16](), count: count)
        switch format.encoding {
        case .linear16:
            var index = data.startIndex
            while index < data.endIndex {
                for channel in 0..<count {
                    channels[channel].append(Int16(bitPattern: UInt16(data[index]) | UInt16(data[index + 1]) << 8))
                    index += 2
                }
            }
        case .aLaw, .muLaw:
            let law: CompandingLaw = format.encoding == .aLaw ? .aLaw : .muLaw
            var index = data.startIndex
            while index < data.endIndex {
                for channel in 0..<count {
                    channels[channel].append(law.decode(data[index]))
                    index += 1
                }
            }
        case .imaADPCM:
            let size = IMAADPCM.bytesPerChannelBlock
            let decoders = (0..<count).map { _ in IMAADPCMDecoder() }
            var block = [UInt8](repeating: 0, count: size)
            var samples = [Int16](repeating: 0, count: IMAADPCM.samplesPerBlock)
            var start = data.startIndex
            while start < data.endIndex {
                for channel in 0..<count {
                    // Undo the 4-byte interleave of WAV IMA blocks.
                    for byte in 0..<4 { block[byte] = data[start + channel * 4 + byte] }
                    var word = 4
                    while word < size {
                        for byte in 0..<4 { block[word + byte] = data[start + count * word + channel * 4 + byte] }
                        word += 4
                    }
                    block.withUnsafeBufferPointer { input in
                        samples.withUnsafeMutableBufferPointer { decoders[channel].decodeBlock(input.baseAddress!, into: $0.baseAddress!) }
                    }
                    channels[channel].append(contentsOf: samples)
                }
                start += format.blockAlign
            }
        }
        return Audio(format: format, channels: channels)
    }
}
