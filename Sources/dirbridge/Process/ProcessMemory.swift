#if os(Linux)
internal import CMalloc
#endif

/// How the process's heap gives memory back. A run builds large buffers one target after
/// another (payload hashes, memo entries, unique-key tables: megabytes each). glibc serves
/// blocks that large from `mmap` and returns them on free, but raises that threshold to the size
/// of the last one freed (up to 32 MiB), after which they come from the heap and stay with the
/// process: every target planned added about 6 MiB to the peak. A fixed threshold keeps them
/// mapped; a quiet full run of 100,000 users × five targets peaked at about 175 MiB instead of
/// about 200 MiB, no slower (`dirbridge-bench sync`).
enum ProcessMemory {
    static let mmapThreshold: Int32 = 128 * 1024
    /// Fixing the mmap threshold also fixes the trim threshold, at 128 KiB: glibc then shrank the
    /// heap after nearly every batch a first sync sent, and the system time of a 100,000-user
    /// target went from 0.7 s to 6 s. Free memory at the top of the heap is kept up to this.
    static let trimThreshold: Int32 = 32 * 1024 * 1024

    static func apply() {
        #if os(Linux)
        // Setting either turns off glibc's dynamic adjustment of both (mallopt(3)).
        _ = mallopt(M_MMAP_THRESHOLD, mmapThreshold)
        _ = mallopt(M_TRIM_THRESHOLD, trimThreshold)
        #endif
    }
}
