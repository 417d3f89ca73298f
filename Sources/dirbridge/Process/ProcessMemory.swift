#if os(Linux)
internal import CMalloc
#endif

/// How the process's heap gives memory back. A run builds large buffers one target after
/// another (payload hashes, memo entries, unique-key tables: megabytes each). glibc serves
/// blocks that large from `mmap` and returns them on free, but raises that threshold to the size
/// of the last one freed (up to 32 MiB), after which they come from the heap and stay with the
/// process; every target planned added about 6 MiB to the peak. A fixed threshold keeps them
/// mapped: a quiet full run of 100,000 users × five targets peaked at 171–176 MiB instead of
/// 192–203 MiB, no slower (`dirbridge-bench sync`).
enum ProcessMemory {
    static let mmapThreshold: Int32 = 128 * 1024

    static func apply() {
        #if os(Linux)
        // Fixing the threshold also turns off glibc's dynamic adjustment (mallopt(3)).
        _ = mallopt(M_MMAP_THRESHOLD, mmapThreshold)
        #endif
    }
}
