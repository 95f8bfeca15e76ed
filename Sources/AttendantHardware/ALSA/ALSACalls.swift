import CALSA

/// The alsa-lib calls the PCM owner makes once it is running, each behind a closure
/// so that a test can make one fail (an overrun, a suspend) the way hardware rarely
/// does on demand. `ALSACalls.system` is alsa-lib itself; nothing else calls these.
/// Calling through a stored closure costs an indirect call and never allocates.
struct ALSACalls: @unchecked Sendable {
    var readInterleaved: (OpaquePointer, UnsafeMutableRawPointer, Int) -> Int
    var writeInterleaved: (OpaquePointer, UnsafeRawPointer, Int) -> Int
    var prepare: (OpaquePointer) -> Int32
    var start: (OpaquePointer) -> Int32
    var resume: (OpaquePointer) -> Int32
    /// Waits up to the given milliseconds for the PCM to be ready (poll on its descriptors).
    var wait: (OpaquePointer, Int32) -> Int32

    static let system = ALSACalls(
        readInterleaved: { pcm, buffer, frames in snd_pcm_readi(pcm, buffer, snd_pcm_uframes_t(frames)) },
        writeInterleaved: { pcm, buffer, frames in snd_pcm_writei(pcm, buffer, snd_pcm_uframes_t(frames)) },
        prepare: { snd_pcm_prepare($0) },
        start: { snd_pcm_start($0) },
        resume: { snd_pcm_resume($0) },
        wait: { snd_pcm_wait($0, $1) }
    )
}

/// An alsa-lib failure, with what was being done and alsa-lib's own words for it.
public struct ALSAError: Error, Sendable, CustomStringConvertible, Equatable {
    public var device: String
    public var operation: String
    /// alsa-lib's (negative) error code.
    public var code: Int32

    public var description: String {
        "\(device): \(operation): \(String(cString: snd_strerror(code)))"
    }
}
