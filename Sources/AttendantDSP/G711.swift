import CSpanDSP

/// The two G.711 companding laws boards and trunks carry.
public enum CompandingLaw: String, Sendable, CaseIterable {
    case aLaw = "alaw"
    case muLaw = "ulaw"

    @inline(__always)
    public func encode(_ sample: Int16) -> UInt8 {
        switch self {
        case .aLaw: linear_to_alaw(Int32(sample))
        case .muLaw: linear_to_ulaw(Int32(sample))
        }
    }

    @inline(__always)
    public func decode(_ code: UInt8) -> Int16 {
        switch self {
        case .aLaw: alaw_to_linear(code)
        case .muLaw: ulaw_to_linear(code)
        }
    }

    /// Encodes and decodes in place: what a sample sounds like after crossing a G.711 link.
    public func compand(_ samples: UnsafeMutableBufferPointer<Int16>) {
        for index in samples.indices {
            samples[index] = decode(encode(samples[index]))
        }
    }
}
