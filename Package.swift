// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Attendant",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "attendant", targets: ["attendant"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C libraries, each behind its own module map.
        .systemLibrary(name: "CSpanDSP", pkgConfig: "spandsp",
                       providers: [.apt(["libspandsp-dev"])]),
        .systemLibrary(name: "CALSA", pkgConfig: "alsa",
                       providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CGPIOD", pkgConfig: "libgpiod",
                       providers: [.apt(["libgpiod-dev"])]),

        .systemLibrary(name: "CArgon2", pkgConfig: "libargon2",
                       providers: [.apt(["libargon2-dev"])]),
        // Linux calls Swift's Glibc module does not reach (they need _GNU_SOURCE).
        .target(name: "CAttendantLinux"),

        // Safe owners of DSP state (spandsp).
        .target(name: "AttendantDSP", dependencies: ["CSpanDSP"]),
        // What every configuration file shares: tokens, positions, diagnostics.
        .target(name: "AttendantSyntax"),
        // Numbers, durations, times and dates as words, per language's grammar.
        .target(name: "AttendantSpeech"),
        // Opening hours: weekly intervals in a time zone, holidays, overrides.
        .target(name: "AttendantSchedule", dependencies: ["AttendantSyntax"]),
        // The menu language: source -> checked, immutable program.
        .target(name: "AttendantMenu", dependencies: ["AttendantSyntax", "AttendantSchedule", "AttendantSpeech", "AttendantSecurity"]),
        // Prompt catalogue and decoded prompt audio.
        .target(name: "AttendantPrompts", dependencies: ["AttendantMenu", "AttendantDSP", "AttendantSpeech"]),
        // Ports, signalling and the simulated board with its line model.
        .target(name: "AttendantBoard", dependencies: ["AttendantDSP", "AttendantSyntax"]),
        // The real board: ALSA PCMs for audio, GPIO lines (libgpiod) for signalling.
        .target(name: "AttendantHardware", dependencies: [
            "AttendantBoard", "AttendantDSP", "CALSA", "CGPIOD", "CAttendantLinux",
            .product(name: "Atomics", package: "swift-atomics"),
        ]),
        // Channels, the IVR interpreter and the media loop.
        .target(name: "AttendantEngine", dependencies: [
            "AttendantDSP", "AttendantMenu", "AttendantPrompts", "AttendantBoard", "AttendantSchedule", "AttendantSpeech",
            .product(name: "Atomics", package: "swift-atomics"),
        ]),
        // Secrets kept as salted Argon2id hashes (console passwords, voicemail PINs).
        .target(name: "AttendantSecurity", dependencies: ["CArgon2"]),
        // The database: schema migrations and the storage thread.
        .target(name: "AttendantStore", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Recordings on flash: the recorder thread, WAV writers, crash repair.
        .target(name: "AttendantRecorder", dependencies: [
            "AttendantDSP", "AttendantEngine", "AttendantStore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The control side: engine events become call records and channel views.
        .target(name: "AttendantControl", dependencies: [
            "AttendantEngine", "AttendantStore", "AttendantRecorder", "AttendantMenu", "AttendantPrompts", "AttendantSchedule",
            "AttendantSecurity", "AttendantSpeech",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Far ends for the simulated board: scripted callers that listen.
        .target(name: "AttendantSimulation", dependencies: [
            "AttendantDSP", "AttendantPrompts", "AttendantBoard", "AttendantMenu",
            "AttendantEngine", "AttendantControl",
        ]),
        // The running appliance: media and control threads, pacing, statistics, shutdown.
        // Every console session is a client of it.
        .target(name: "AttendantRuntime", dependencies: [
            "AttendantControl", "AttendantStore", "AttendantSimulation", "AttendantRecorder", "AttendantSecurity",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Console sessions on any byte stream, and the commands they share.
        .target(name: "AttendantConsole", dependencies: [
            "AttendantRuntime", "AttendantControl", "AttendantStore", "AttendantSecurity", "AttendantPrompts", "CAttendantLinux",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .executableTarget(name: "attendant", dependencies: [
            "AttendantEngine", "AttendantRecorder", "AttendantHardware", "AttendantStore", "AttendantRuntime", "AttendantConsole", "AttendantSimulation", "AttendantSecurity", "CSpanDSP",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // What tests share: a libgpiod-level GPIO simulation and a per-thread allocation counter.
        .target(name: "AttendantTestSupport", dependencies: [
            "AttendantHardware", "AttendantBoard",
            .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            .product(name: "Atomics", package: "swift-atomics"),
        ]),

        .testTarget(name: "AttendantMenuTests", dependencies: [
            "AttendantMenu", "AttendantSyntax", "AttendantSpeech",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "AttendantSecurityTests", dependencies: ["AttendantSecurity"]),
        .testTarget(name: "AttendantSpeechTests", dependencies: ["AttendantSpeech"]),
        .testTarget(name: "AttendantScheduleTests", dependencies: ["AttendantSchedule", "AttendantSyntax"]),
        .testTarget(name: "AttendantDSPTests", dependencies: ["AttendantDSP"]),
        .testTarget(name: "AttendantBoardTests", dependencies: ["AttendantBoard", "AttendantDSP", "AttendantSyntax"]),
        .testTarget(name: "AttendantHardwareTests", dependencies: [
            "AttendantHardware", "AttendantBoard", "AttendantDSP", "AttendantEngine", "AttendantMenu", "AttendantPrompts",
            "AttendantSimulation", "AttendantTestSupport", "AttendantStore", "CALSA",
            .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
        ]),
        .testTarget(name: "AttendantStoreTests", dependencies: [
            "AttendantStore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "AttendantSimulationTests", dependencies: [
            "AttendantSimulation", "AttendantPrompts", "AttendantDSP",
        ]),
        .testTarget(name: "AttendantRecorderTests", dependencies: [
            "AttendantRecorder", "AttendantDSP", "AttendantEngine", "AttendantStore",
        ]),
        .testTarget(name: "AttendantScenarioTests", dependencies: [
            "AttendantEngine", "AttendantRecorder", "AttendantSimulation", "AttendantStore", "AttendantRuntime", "AttendantConsole", "AttendantTestSupport",
            "AttendantSecurity",
            .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Atomics", package: "swift-atomics"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
