import CAttendantLinux
import Glibc

/// What the media thread needs from the kernel to keep its 20 ms period on a busy
/// board: memory that never pages, a real-time priority, a CPU of its own. Each step
/// may be refused (no CAP_SYS_NICE, no CAP_IPC_LOCK, RLIMIT_MEMLOCK): the appliance runs
/// anyway, and the refusals come back as sentences to log once.
public enum RealTime {
    /// Locks current and future memory, so that thread stacks made afterwards (the media
    /// thread's among them) are faulted in and locked when they are mapped. Call before
    /// starting threads. Returns nil, or why it could not.
    public static func lockMemory() -> String? {
        mlockall(MCL_CURRENT | MCL_FUTURE) == 0
            ? nil : "memory not locked (\(String(cString: strerror(errno)))): page faults may delay frames"
    }

    /// Gives the calling thread SCHED_FIFO at `priority` and, if `cpu` is given, pins it
    /// there. Returns one sentence per refusal.
    public static func promoteCurrentThread(priority: Int32, cpu: Int?) -> [String] {
        var refusals: [String] = []
        var parameters = sched_param(sched_priority: priority)
        let result = pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameters)
        if result != 0 {
            refusals.append("media thread runs without real-time priority (SCHED_FIFO \(priority): \(String(cString: strerror(result)))); grant CAP_SYS_NICE to the service")
        }
        if let cpu {
            let result = c_attendant_pin_current_thread(Int32(cpu))
            if result != 0 { refusals.append("media thread not pinned to CPU \(cpu): \(String(cString: strerror(result)))") }
        }
        return refusals
    }
}
