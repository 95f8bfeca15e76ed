import AttendantSyntax
import AttendantBoard
import AttendantControl
import AttendantDSP
import AttendantMenu
import Foundation

/// Runs scripted callers against an appliance on the simulated board, in virtual
/// time: frames are stepped as fast as the CPU allows. Everything a caller judges
/// it judges from the audio it received, recognised against the prompt catalogue.
public final class ScriptRunner {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var location: SourceLocation
        public var message: String
        public var description: String { "\(location): error: \(message)" }
    }

    public struct Outcome: Sendable {
        public var transcript: [String]
        public var failures: [Failure]
        public var frames: Int64
        public var succeeded: Bool { failures.isEmpty }
    }

    private let appliance: Appliance
    private let board: SimulatedBoard
    private let recogniser: PromptRecogniser
    private var transcript: [String] = []
    /// The longest a run may go on, in virtual seconds, before it is stopped as stuck.
    public var limitSeconds = 3600.0
    /// Called before every frame with the engine's frame number: where a test plays the
    /// control side's part (connecting calls, reloading) at a chosen moment.
    public var beforeFrame: ((Int64) -> Void)?

    public init(appliance: Appliance, board: SimulatedBoard, recogniser: PromptRecogniser) {
        self.appliance = appliance
        self.board = board
        self.recogniser = recogniser
    }

    public func run(_ scripts: [CallerScript]) -> Outcome {
        let callers = scripts.enumerated().map { index, script in
            ScriptedCaller(number: index + 1, script: script, recogniser: recogniser)
        }
        let limit = appliance.engine.frame + Int64(limitSeconds * 1000) / Int64(AudioFormat.frameMilliseconds)
        while callers.contains(where: { !$0.isFinished }) {
            let frame = appliance.engine.frame
            beforeFrame?(frame)
            for caller in callers where !caller.isFinished {
                caller.act(frame: frame, board: board, log: log)
            }
            appliance.step()
            if frame >= limit {
                for caller in callers where !caller.isFinished {
                    caller.stop(because: "still running after \(Int(limitSeconds)) s of simulated time", log: log)
                }
            }
        }
        // Let the last hang-ups reach the database.
        for _ in 0..<5 { appliance.step() }
        // Lines are logged when known, which for what was heard is a little after it began.
        let ordered = transcript.enumerated().sorted { ($0.element.prefix(11), $0.offset) < ($1.element.prefix(11), $1.offset) }
        return Outcome(transcript: ordered.map(\.element), failures: callers.compactMap(\.failure),
                       frames: appliance.engine.frame)
    }

    private func log(_ caller: Int, _ frame: Int64, _ text: String) {
        transcript.append("[\(Self.timestamp(frame))] caller \(caller): \(text)")
    }

    static func timestamp(_ frame: Int64) -> String {
        let milliseconds = frame * Int64(AudioFormat.frameMilliseconds)
        let minutes = milliseconds / 60_000
        let seconds = (milliseconds / 1000) % 60
        let millis = milliseconds % 1000
        return String(format: "%02lld:%02lld.%03lld", minutes, seconds, millis)
    }
}
