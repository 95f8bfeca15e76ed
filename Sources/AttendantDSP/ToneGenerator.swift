import CSpanDSP

/// The one owner of a spandsp `tone_gen_state_t` (and its descriptor): a cadenced
/// tone such as busy or dial tone, repeated for as long as it is asked for.
public final class ToneGenerator {
    private let descriptor: OpaquePointer
    private let state: OpaquePointer

    public init(_ cadence: TonePlan.Cadence, levelDBm0: Int = -13) {
        let on = cadence.onMilliseconds == 0 ? 1000 : cadence.onMilliseconds
        let off = cadence.onMilliseconds == 0 ? 0 : cadence.offMilliseconds
        guard let descriptor = tone_gen_descriptor_init(
            nil, Int32(cadence.low), Int32(levelDBm0), Int32(cadence.high), Int32(levelDBm0),
            Int32(on), Int32(off), 0, 0, 1) else {
            fatalError("tone_gen_descriptor_init could not allocate")
        }
        self.descriptor = descriptor
        guard let state = tone_gen_init(nil, descriptor) else {
            fatalError("tone_gen_init could not allocate")
        }
        self.state = state
    }

    deinit {
        tone_gen_free(state)
        tone_gen_descriptor_free(descriptor)
    }

    /// Starts the cadence again from its beginning (a new call hears a whole first ring).
    public func restart() {
        tone_gen_init(state, descriptor)
    }

    /// Fills `samples` with the tone; zero where it has nothing more to play.
    public func generate(into samples: UnsafeMutableBufferPointer<Int16>) {
        guard let base = samples.baseAddress else { return }
        let produced = Int(tone_gen(state, base, Int32(samples.count)))
        if produced < samples.count {
            (base + produced).update(repeating: 0, count: samples.count - produced)
        }
    }
}
