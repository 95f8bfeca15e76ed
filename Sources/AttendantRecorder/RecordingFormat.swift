import AttendantDSP

/// How a recording's samples are coded in its WAV file.
public enum RecordingEncoding: String, Sendable, CaseIterable {
    /// 16-bit linear PCM: 128 kbit/s a channel.
    case linear16 = "pcm16"
    /// G.711 A-law or µ-law: 64 kbit/s a channel, what the line carried anyway.
    case aLaw = "alaw"
    case muLaw = "ulaw"
    /// IMA ADPCM (spandsp): 32 kbit/s a channel; the default on flash.
    case imaADPCM = "ima-adpcm"
}

/// The caller on the left and the other party on the right, or both mixed into one channel.
public enum RecordingLayout: String, Sendable, CaseIterable {
    case stereo
    case mono
}

/// A recording file's coding and layout, and the WAV header that says so.
///
/// Every header of one format has the same size, so the samples always start at
/// `dataOffset` and a file cut anywhere can be measured and repaired from its length.
public struct RecordingFormat: Sendable, Equatable {
    public var encoding: RecordingEncoding
    public var layout: RecordingLayout

    public init(encoding: RecordingEncoding = .imaADPCM, layout: RecordingLayout = .stereo) {
        self.encoding = encoding
        self.layout = layout
    }

    /// `wav-ima-adpcm stereo`, as the index shows it.
    public var name: String { "wav-\(encoding.rawValue) \(layout.rawValue)" }

    /// Parses `name`, or `ENCODING[ LAYOUT]`.
    public init?(name: String) {
        let words = name.split(separator: " ")
        guard let first = words.first else { return nil }
        let code = first.hasPrefix("wav-") ? first.dropFirst(4) : first[...]
        guard let encoding = RecordingEncoding(rawValue: String(code)) else { return nil }
        let layout = words.count > 1 ? RecordingLayout(rawValue: String(words[1])) : .stereo
        guard let layout, words.count <= 2 else { return nil }
        self.init(encoding: encoding, layout: layout)
    }

    public var channels: Int { layout == .stereo ? 2 : 1 }

    /// Samples per channel in one block: the unit the file grows by.
    public var samplesPerBlock: Int { encoding == .imaADPCM ? IMAADPCM.samplesPerBlock : 1 }

    /// Bytes of one block, all channels.
    public var blockAlign: Int {
        switch encoding {
        case .linear16: 2 * channels
        case .aLaw, .muLaw: channels
        case .imaADPCM: IMAADPCM.bytesPerChannelBlock * channels
        }
    }

    var formatTag: UInt16 {
        switch encoding {
        case .linear16: 1
        case .aLaw: 6
        case .muLaw: 7
        case .imaADPCM: 0x11
        }
    }

    var bitsPerSample: UInt16 {
        switch encoding {
        case .linear16: 16
        case .aLaw, .muLaw: 8
        case .imaADPCM: 4
        }
    }

    /// Non-PCM WAVs carry a `fact` chunk with the sample count, and an extended `fmt`.
    private var isPCM: Bool { encoding == .linear16 }
    private var fmtSize: Int { encoding == .imaADPCM ? 20 : (isPCM ? 16 : 18) }

    /// Where the samples start.
    public var dataOffset: Int { 12 + 8 + fmtSize + (isPCM ? 0 : 12) + 8 }

    /// Samples per channel that `dataBytes` of whole blocks hold.
    public func samples(inDataBytes dataBytes: Int) -> Int { dataBytes / blockAlign * samplesPerBlock }

    /// The header for a file whose samples take `dataBytes` (whole blocks).
    public func header(dataBytes: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(dataOffset)
        func text(_ string: String) { bytes.append(contentsOf: Array(string.utf8)) }
        func u16(_ value: UInt16) { bytes.append(UInt8(value & 0xFF)); bytes.append(UInt8(value >> 8)) }
        func u32(_ value: UInt32) { u16(UInt16(value & 0xFFFF)); u16(UInt16(value >> 16)) }
        let rate = UInt32(AudioFormat.sampleRate)
        text("RIFF"); u32(UInt32(dataOffset - 8 + dataBytes)); text("WAVE")
        text("fmt "); u32(UInt32(fmtSize))
        u16(formatTag); u16(UInt16(channels)); u32(rate)
        u32(UInt32(rate) * UInt32(blockAlign) / UInt32(samplesPerBlock))
        u16(UInt16(blockAlign)); u16(bitsPerSample)
        if encoding == .imaADPCM {
            u16(2); u16(UInt16(samplesPerBlock))
        } else if !isPCM {
            u16(0)
        }
        if !isPCM { text("fact"); u32(4); u32(UInt32(samples(inDataBytes: dataBytes))) }
        text("data"); u32(UInt32(dataBytes))
        return bytes
    }
}
