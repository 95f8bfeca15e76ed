import AttendantBoard
import AttendantDSP
import CALSA
import Glibc

/// One open ALSA PCM, capture or playback, interleaved, moving one engine frame
/// (160 frames, 20 ms) at a time through a buffer made once. Several ports may share
/// it, one channel each. The handle is opened in `init` and closed in `deinit`;
/// nothing of it leaves this type.
final class PCMStream {
    enum Direction: Sendable {
        case capture
        case playback
    }

    /// What a frame's transfer came to.
    enum Outcome: Equatable {
        case transferred
        /// An overrun (capture) or underrun (playback): the stream stopped and must be
        /// prepared and started again.
        case xrun
        /// The system suspended the device (power management).
        case suspended
        case failed(Int32)
    }

    let device: String
    let direction: Direction
    let channels: Int
    /// The period the device agreed to, in frames.
    let periodFrames: Int
    private let handle: OpaquePointer
    private let calls: ALSACalls
    private let buffer: UnsafeMutableRawPointer
    private let bytesPerFrame: Int
    private let law: CompandingLaw?
    /// A silent sample in the device's format, as one byte repeated (0 for linear).
    private let silenceByte: UInt8

    /// alsa-lib's own error printing, off once for the process (see the CALSA shim).
    private static let silenceLibraryErrors: Void = attendant_alsa_silence_errors()

    init(device: String, direction: Direction, channels: Int, audio: AudioSettings, calls: ALSACalls = .system) throws(ALSAError) {
        _ = Self.silenceLibraryErrors
        self.device = device
        self.direction = direction
        self.calls = calls
        var pcm: OpaquePointer?
        let stream = direction == .capture ? SND_PCM_STREAM_CAPTURE : SND_PCM_STREAM_PLAYBACK
        // Non-blocking: a device whose clock dies must not hold the media thread forever;
        // waits go through `snd_pcm_wait` with a timeout instead.
        let result = snd_pcm_open(&pcm, device, stream, SND_PCM_NONBLOCK)
        guard result >= 0, let pcm else { throw ALSAError(device: device, operation: "open", code: result) }
        do throws(ALSAError) {
            let agreed = try Self.configure(pcm, device: device, channels: channels, audio: audio)
            self.channels = agreed.channels
            periodFrames = agreed.period
        } catch {
            snd_pcm_close(pcm)
            throw error
        }
        handle = pcm
        law = audio.format.companding
        silenceByte = law?.encode(0) ?? 0
        bytesPerFrame = self.channels * audio.format.bytesPerSample
        buffer = .allocate(byteCount: AudioFormat.samplesPerFrame * bytesPerFrame, alignment: 8)
        buffer.initializeMemory(as: UInt8.self, repeating: silenceByte, count: AudioFormat.samplesPerFrame * bytesPerFrame)
    }

    deinit {
        snd_pcm_close(handle)
        buffer.deallocate()
    }

    /// Interleaved access, the engine's format and rate, the board's period and buffer;
    /// the stream starts only when told (`start`), after playback is primed.
    private static func configure(_ pcm: OpaquePointer, device: String, channels: Int,
                                  audio: AudioSettings) throws(ALSAError) -> (channels: Int, period: Int) {
        func check(_ code: Int32, _ operation: String) throws(ALSAError) {
            if code < 0 { throw ALSAError(device: device, operation: operation, code: code) }
        }
        var hardware: OpaquePointer?
        try check(snd_pcm_hw_params_malloc(&hardware), "allocate hardware parameters")
        defer { snd_pcm_hw_params_free(hardware) }
        try check(snd_pcm_hw_params_any(pcm, hardware), "read hardware parameters")
        try check(snd_pcm_hw_params_set_access(pcm, hardware, SND_PCM_ACCESS_RW_INTERLEAVED), "set interleaved access")
        let alsaFormat = switch audio.format {
        case .s16LE: SND_PCM_FORMAT_S16_LE
        case .aLaw: SND_PCM_FORMAT_A_LAW
        case .muLaw: SND_PCM_FORMAT_MU_LAW
        }
        try check(snd_pcm_hw_params_set_format(pcm, hardware, alsaFormat), "set format \(audio.format.rawValue)")
        var channelCount = UInt32(channels)
        try check(snd_pcm_hw_params_set_channels_near(pcm, hardware, &channelCount), "set \(channels) channels")
        guard channelCount >= channels else {
            throw ALSAError(device: device, operation: "set \(channels) channels (it offers \(channelCount))", code: -EINVAL)
        }
        try check(snd_pcm_hw_params_set_rate(pcm, hardware, UInt32(audio.rate), 0), "set rate \(audio.rate) Hz")
        var period = snd_pcm_uframes_t(audio.periodFrames)
        var direction: Int32 = 0
        try check(snd_pcm_hw_params_set_period_size_near(pcm, hardware, &period, &direction), "set period \(audio.periodFrames)")
        var buffer = snd_pcm_uframes_t(audio.periodFrames * audio.bufferPeriods)
        try check(snd_pcm_hw_params_set_buffer_size_near(pcm, hardware, &buffer), "set buffer \(buffer)")
        try check(snd_pcm_hw_params(pcm, hardware), "apply hardware parameters")

        var software: OpaquePointer?
        try check(snd_pcm_sw_params_malloc(&software), "allocate software parameters")
        defer { snd_pcm_sw_params_free(software) }
        try check(snd_pcm_sw_params_current(pcm, software), "read software parameters")
        // Started by hand: capture and playback together, playback already primed.
        try check(snd_pcm_sw_params_set_start_threshold(pcm, software, snd_pcm_uframes_t(Int.max / 2)), "set start threshold")
        try check(snd_pcm_sw_params_set_avail_min(pcm, software, period), "set minimum available")
        try check(snd_pcm_sw_params(pcm, software), "apply software parameters")
        return (Int(channelCount), Int(period))
    }

    /// Joins `other` to this stream's clock: they start, stop and prepare together.
    func link(_ other: PCMStream) -> Bool {
        snd_pcm_link(handle, other.handle) >= 0
    }

    func prepare() -> Int32 { calls.prepare(handle) }
    func start() -> Int32 { calls.start(handle) }

    /// After a suspend: resume where the device allows, else the caller prepares anew.
    /// Bounded: a device still waking after a second is prepared instead.
    func resume() -> Int32 {
        for _ in 0..<100 {
            let result = calls.resume(handle)
            if result != -EAGAIN { return result }
            usleep(10_000)
        }
        return -EAGAIN
    }

    /// Waits until a period can be read; the board's clock.
    func waitUntilReady(milliseconds: Int32) -> Int32 { calls.wait(handle, milliseconds) }

    /// Playback: fills `periods` periods of the buffer with silence, the room that lets
    /// a late frame arrive without an underrun.
    func prime(periods: Int) -> Outcome {
        fillSilence()
        for _ in 0..<max(1, periods * periodFrames / AudioFormat.samplesPerFrame) {
            let outcome = transfer()
            if outcome != .transferred { return outcome }
        }
        return .transferred
    }

    /// Reads (capture) or writes (playback) one engine frame.
    func transfer() -> Outcome {
        var done = 0
        let frames = AudioFormat.samplesPerFrame
        while done < frames {
            let pointer = buffer + done * bytesPerFrame
            let count = direction == .capture
                ? calls.readInterleaved(handle, pointer, frames - done)
                : calls.writeInterleaved(handle, pointer, frames - done)
            if count >= 0 {
                done += count
                continue
            }
            switch Int32(count) {
            case -EINTR: continue
            case -EAGAIN:
                // Not a whole frame yet (or no room): wait for the device, but not for ever.
                let ready = calls.wait(handle, Self.stallMilliseconds)
                if ready == 0 { return .failed(-EAGAIN) }
                if ready < 0 { return Self.outcome(of: ready) }
            default:
                return Self.outcome(of: Int32(count))
            }
        }
        return .transferred
    }

    /// Longer than this without room or data, the device's clock has stalled.
    static let stallMilliseconds: Int32 = 200

    private static func outcome(of error: Int32) -> Outcome {
        switch error {
        case -EPIPE: .xrun
        case -ESTRPIPE: .suspended
        default: .failed(error)
        }
    }

    func fillSilence() {
        buffer.initializeMemory(as: UInt8.self, repeating: silenceByte, count: AudioFormat.samplesPerFrame * bytesPerFrame)
    }

    /// Copies one channel of the frame just read into `samples` (160), as linear PCM.
    func extract(channel: Int, into samples: UnsafeMutableBufferPointer<Int16>) {
        let count = AudioFormat.samplesPerFrame
        if let law {
            let bytes = buffer.assumingMemoryBound(to: UInt8.self)
            for index in 0..<count { samples[index] = law.decode(bytes[index * channels + channel]) }
        } else {
            let words = buffer.assumingMemoryBound(to: Int16.self)
            for index in 0..<count { samples[index] = Int16(littleEndian: words[index * channels + channel]) }
        }
    }

    /// Puts 160 samples of linear PCM into one channel of the frame to write.
    func insert(channel: Int, from samples: UnsafeBufferPointer<Int16>) {
        let count = AudioFormat.samplesPerFrame
        if let law {
            let bytes = buffer.assumingMemoryBound(to: UInt8.self)
            for index in 0..<count { bytes[index * channels + channel] = law.encode(samples[index]) }
        } else {
            let words = buffer.assumingMemoryBound(to: Int16.self)
            for index in 0..<count { words[index * channels + channel] = samples[index].littleEndian }
        }
    }
}
