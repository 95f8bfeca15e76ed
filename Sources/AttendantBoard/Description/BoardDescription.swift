import AttendantDSP
import AttendantSyntax

/// A telephony board as its board file describes it: which ALSA PCM carries each
/// port's audio, which GPIO line carries each of its signals, and the region's
/// conventions. Read one with `BoardFile.parse(_:file:)`; `docs/board-files.md` and
/// `board/template.board` describe the syntax.
public struct BoardDescription: Sendable, Equatable {
    public var name: String
    public var tonePlan: TonePlan = .northAmerica
    public var callerID: CallerIDStandard = .bellcoreClass
    public var audio = AudioSettings()
    /// The GPIO chip lines are on unless a line names its own: a name (`gpiochip0`),
    /// a path (`/dev/gpiochip0`), a label or a number, as libgpiod looks them up.
    public var gpioChip = "gpiochip0"
    public var ring = RingDetection()
    /// Ring patterns the line may use; a burst train that matches one is reported
    /// with its name (distinctive ring). The first is the region's usual ring.
    public var cadences: [NamedCadence] = []
    /// An FXS phone on hook for a time in this range and back off hook is a hook
    /// flash; on hook for longer is a hang-up.
    public var flashMilliseconds: ClosedRange<Int> = 100...600
    /// DTMF detection tuned to the board's codecs and hybrids (`dtmf` statement).
    public var dtmf = AttendantDTMFParameters()
    public var ports: [PortDescription] = []

    public init(name: String) { self.name = name }
}

extension BoardDescription {
    /// One ALSA PCM the board opens in one direction: as many channels as the highest
    /// channel a port uses on it, and the first port that names it (for diagnostics).
    public struct PCMDevice: Sendable, Equatable {
        public var name: String
        public var channels: Int
        public var firstPort: Int
    }

    /// The PCMs of one direction (`\.capture` or `\.playback`), in order of first use,
    /// and for each port, which of them carries it and on which channel.
    public func pcmDevices(_ side: KeyPath<PortDescription, PCMChannel>)
        -> (devices: [PCMDevice], places: [(device: Int, channel: Int)]) {
        var devices: [PCMDevice] = []
        var places: [(device: Int, channel: Int)] = []
        for (index, port) in ports.enumerated() {
            let place = port[keyPath: side]
            if let known = devices.firstIndex(where: { $0.name == place.device }) {
                devices[known].channels = max(devices[known].channels, place.channel + 1)
                places.append((known, place.channel))
            } else {
                devices.append(PCMDevice(name: place.device, channels: place.channel + 1, firstPort: index))
                places.append((devices.count - 1, place.channel))
            }
        }
        return (devices, places)
    }
}

/// How the board's codecs carry audio.
public struct AudioSettings: Sendable, Equatable {
    public var format: SampleFormat = .s16LE
    public var rate = 8000
    /// Frames per ALSA period; the engine moves 160 frames (20 ms) at a time.
    public var periodFrames = 160
    /// Periods in the ALSA buffer: more survive longer stalls, fewer add less delay.
    public var bufferPeriods = 4

    public init() {}
}

public enum SampleFormat: String, Sendable, CaseIterable {
    case s16LE = "s16le"
    case aLaw = "alaw"
    case muLaw = "ulaw"

    public var bytesPerSample: Int { self == .s16LE ? 2 : 1 }

    /// The G.711 law of a companded format; nil for linear.
    public var companding: CompandingLaw? {
        switch self {
        case .s16LE: nil
        case .aLaw: .aLaw
        case .muLaw: .muLaw
        }
    }
}

/// When ring voltage counts as a ring. Ring-detect inputs often pulse at the ring
/// frequency (20–25 Hz) while ringing, so ringing lasts while edges keep coming.
public struct RingDetection: Sendable, Equatable {
    /// Shorter bursts (line tests, a tinkle as the exchange connects) are not rings.
    public var minimumBurstMilliseconds = 150
    /// Ringing stops once the input has been quiet this long.
    public var releaseMilliseconds = 200
    /// Rings before an FXO line is answered; nil leaves it to `attendant run`.
    public var answerAfterRings: Int?

    public init() {}
}

public struct NamedCadence: Sendable, Equatable {
    public var name: String
    /// Alternating on and off times, starting with on.
    public var milliseconds: [Int]

    public init(name: String, milliseconds: [Int]) {
        self.name = name
        self.milliseconds = milliseconds
    }
}

/// One channel of an ALSA PCM: a device of its own (`channel 0`) or one channel of
/// a multi-channel device that several ports share.
public struct PCMChannel: Sendable, Hashable {
    public var device: String
    public var channel: Int

    public init(device: String, channel: Int = 0) {
        self.device = device
        self.channel = channel
    }
}

/// What a GPIO line does for its port.
public enum GPIORole: String, Sendable, CaseIterable {
    /// Input, FXO: ring voltage present.
    case ringDetect = "ring-detect"
    /// Output, FXO: closes the loop (answers) while active.
    case hookRelay = "hook-relay"
    /// Input, FXS: the phone is off hook.
    case offHookSense = "off-hook"
    /// Output, FXS: rings the phone while active.
    case ringGenerator = "ring-generator"
    /// Output: reverses line polarity (some caller-ID schemes, answer supervision).
    case polarityReversal = "polarity"
    /// Output: the port's line-state LED.
    case lineLED = "led"
    /// Output: message waiting.
    case messageWaitingLED = "mwi-led"

    public var isInput: Bool { self == .ringDetect || self == .offHookSense }

    /// Roles a port of `kind` may have, and those it must have.
    static func allowed(for kind: PortKind) -> Set<GPIORole> {
        switch kind {
        case .fxo: [.ringDetect, .hookRelay, .polarityReversal, .lineLED, .messageWaitingLED]
        case .fxs: [.offHookSense, .ringGenerator, .polarityReversal, .lineLED, .messageWaitingLED]
        }
    }

    static func required(for kind: PortKind) -> [GPIORole] {
        switch kind {
        case .fxo: [.ringDetect, .hookRelay]
        case .fxs: [.offHookSense, .ringGenerator]
        }
    }
}

public struct GPIOLine: Sendable, Equatable {
    public var chip: String
    public var offset: Int
    public var activeLow = false
    /// Changes shorter than this are contact bounce, not signals (inputs only).
    public var debounceMilliseconds = 0
    public var location: SourceLocation

    public init(chip: String, offset: Int, location: SourceLocation) {
        self.chip = chip
        self.offset = offset
        self.location = location
    }
}

public struct PortDescription: Sendable, Equatable {
    /// The port's number as written and as the console shows it, from 1.
    public var number: Int
    public var kind: PortKind
    public var capture: PCMChannel
    public var playback: PCMChannel
    public var lines: [GPIORole: GPIOLine]
    /// Where the port and its devices are written, for checks that find a problem
    /// later, on the target.
    public var location: SourceLocation
    public var captureLocation: SourceLocation
    public var playbackLocation: SourceLocation

    public init(number: Int, kind: PortKind, capture: PCMChannel, playback: PCMChannel,
                lines: [GPIORole: GPIOLine], location: SourceLocation) {
        self.number = number
        self.kind = kind
        self.capture = capture
        self.playback = playback
        self.lines = lines
        self.location = location
        captureLocation = location
        playbackLocation = location
    }
}
