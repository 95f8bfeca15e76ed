import AttendantEngine

/// What the console asks of the simulated board's far ends; crosses to the media
/// thread through a lock-free queue.
enum SimulatorCommand: Sendable, BitwiseCopyable {
    case call(port: Int, number: KeyString)
    case press(port: Int, keys: KeyString)
    case hangUp(port: Int)
}
