import CSpanDSP

/// One channel of IMA ADPCM in the block layout of WAV format 0x11 (what players call
/// "IMA ADPCM" or "Intel DVI"), encoded and decoded by spandsp.
///
/// spandsp's DVI4 variant speaks RFC 3551: a big-endian header and the first sample in
/// the high nibble. A WAV block wants a little-endian header whose sample *is* the
/// block's first sample and the first code in the low nibble, so each block sets the
/// predictor to its first sample, lets spandsp code the rest, and reorders the bytes.
public enum IMAADPCM {
    /// Samples one block carries per channel: the header's sample and 504 coded ones.
    public static let samplesPerBlock = 505
    /// Bytes of one channel's block: a 4-byte header and 252 bytes of codes.
    public static let bytesPerChannelBlock = 256
}

/// Encodes blocks of one channel. Owns its spandsp state; nothing escapes.
public final class IMAADPCMEncoder {
    private let state: UnsafeMutablePointer<ima_adpcm_state_t>
    /// spandsp's output for one block: its 4-byte RFC 3551 header and the codes.
    private let scratch: UnsafeMutablePointer<UInt8>

    public init() {
        state = ima_adpcm_init(nil, Int32(IMA_ADPCM_DVI4), 0)
        scratch = .allocate(capacity: IMAADPCM.bytesPerChannelBlock + 8)
    }

    deinit {
        ima_adpcm_free(state)
        scratch.deallocate()
    }

    /// Codes `IMAADPCM.samplesPerBlock` samples into `IMAADPCM.bytesPerChannelBlock`
    /// bytes at `block`, laid out as one mono WAV block (header, then codes).
    public func encodeBlock(_ samples: UnsafePointer<Int16>, into block: UnsafeMutablePointer<UInt8>) {
        state.pointee.last = Int32(samples[0])
        let produced = ima_adpcm_encode(state, scratch, samples + 1, Int32(IMAADPCM.samplesPerBlock - 1))
        precondition(produced == Int32(IMAADPCM.bytesPerChannelBlock), "spandsp coded an IMA block of \(produced) bytes")
        block[0] = UInt8(truncatingIfNeeded: UInt16(bitPattern: samples[0]))
        block[1] = UInt8(truncatingIfNeeded: UInt16(bitPattern: samples[0]) >> 8)
        block[2] = scratch[2]
        block[3] = 0
        var index = 4
        while index < IMAADPCM.bytesPerChannelBlock {
            let byte = scratch[index]
            block[index] = (byte << 4) | (byte >> 4)
            index += 1
        }
    }
}

/// Decodes mono WAV IMA ADPCM blocks of one channel, through spandsp.
public final class IMAADPCMDecoder {
    private let state: UnsafeMutablePointer<ima_adpcm_state_t>
    private let scratch: UnsafeMutablePointer<UInt8>

    public init() {
        state = ima_adpcm_init(nil, Int32(IMA_ADPCM_DVI4), 0)
        scratch = .allocate(capacity: IMAADPCM.bytesPerChannelBlock + 8)
    }

    deinit {
        ima_adpcm_free(state)
        scratch.deallocate()
    }

    /// Decodes one channel's block of `IMAADPCM.bytesPerChannelBlock` bytes into
    /// `IMAADPCM.samplesPerBlock` samples.
    public func decodeBlock(_ block: UnsafePointer<UInt8>, into samples: UnsafeMutablePointer<Int16>) {
        let first = Int16(bitPattern: UInt16(block[0]) | UInt16(block[1]) << 8)
        samples[0] = first
        // Back to RFC 3551's layout, which spandsp's DVI4 decoder reads.
        let bits = UInt16(bitPattern: first)
        scratch[0] = UInt8(truncatingIfNeeded: bits >> 8)
        scratch[1] = UInt8(truncatingIfNeeded: bits)
        scratch[2] = min(block[2], 88)
        scratch[3] = 0
        var index = 4
        while index < IMAADPCM.bytesPerChannelBlock {
            let byte = block[index]
            scratch[index] = (byte << 4) | (byte >> 4)
            index += 1
        }
        let decoded = ima_adpcm_decode(state, samples + 1, scratch, Int32(IMAADPCM.bytesPerChannelBlock))
        precondition(decoded == Int32(IMAADPCM.samplesPerBlock - 1), "spandsp decoded \(decoded) samples of an IMA block")
    }
}
