import Atomics
import Foundation
import MallocInterposerSwift
#if canImport(Glibc)
import Glibc
#endif

/// Counts allocations made by one thread only. The interposer counts every thread,
/// and other tests allocate in parallel; its per-allocation hook runs on the
/// allocating thread, so the hook keeps the ones made by the measured thread.
public enum ThreadAllocationCounter {
    private static let measuredThread = ManagedAtomic<UInt>(0)
    private static let count = ManagedAtomic<Int>(0)
    /// `ATTENDANT_TRAP_ON_ALLOCATION=1` stops a debugger at each counted allocation,
    /// so its backtrace names the code that allocated.
    private static let trapsOnAllocation = ProcessInfo.processInfo.environment["ATTENDANT_TRAP_ON_ALLOCATION"] == "1"

    public static func install() {
        _ = trapsOnAllocation
        MallocInterposerSwift.setAllocationHook { _ in
            // Runs inside malloc: atomics only, nothing that could allocate.
            if UInt(bitPattern: Int(bitPattern: pthread_self())) == ThreadAllocationCounter.measuredThread.load(ordering: .relaxed) {
                ThreadAllocationCounter.count.wrappingIncrement(ordering: .relaxed)
                if ThreadAllocationCounter.trapsOnAllocation { raise(SIGTRAP) }
            }
        }
    }

    /// Allocations `body` makes on the calling thread.
    public static func allocations(in body: () -> Void) -> Int {
        count.store(0, ordering: .relaxed)
        measuredThread.store(UInt(bitPattern: Int(bitPattern: pthread_self())), ordering: .relaxed)
        MallocInterposerSwift.hook()
        body()
        MallocInterposerSwift.unhook()
        measuredThread.store(0, ordering: .relaxed)
        return count.load(ordering: .relaxed)
    }
}
