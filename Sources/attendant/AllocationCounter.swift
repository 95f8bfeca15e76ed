#if canImport(Glibc)
import Glibc
#endif

/// Counts heap allocations through ordo-one's malloc-interposer when the process runs
/// with it preloaded (`LD_PRELOAD=libMallocInterposerSwift.so`, as `make bench` does).
/// Looked up at run time so the shipped binary never links an allocator shim.
struct AllocationCounter {
    private typealias Control = @convention(c) () -> Void
    private typealias Statistics = @convention(c) (
        UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<Int64>?,
        UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<Int64>?) -> Void

    private let reset: Control
    private let enable: Control
    private let disable: Control
    private let statistics: Statistics

    /// Nil when the interposer is not loaded.
    init?() {
        let process = dlopen(nil, RTLD_NOW)
        guard let reset = dlsym(process, "malloc_interposer_reset"),
              let enable = dlsym(process, "malloc_interposer_enable"),
              let disable = dlsym(process, "malloc_interposer_disable"),
              let statistics = dlsym(process, "malloc_interposer_get_stats") else { return nil }
        self.reset = unsafeBitCast(reset, to: Control.self)
        self.enable = unsafeBitCast(enable, to: Control.self)
        self.disable = unsafeBitCast(disable, to: Control.self)
        self.statistics = unsafeBitCast(statistics, to: Statistics.self)
    }

    func start() {
        reset()
        enable()
    }

    /// Stops counting and returns the allocations since `start()`.
    func stop() -> Int64 {
        disable()
        var mallocs: Int64 = 0, bytes: Int64 = 0, small: Int64 = 0, large: Int64 = 0, frees: Int64 = 0, freed: Int64 = 0
        statistics(&mallocs, &bytes, &small, &large, &frees, &freed)
        return mallocs
    }
}
