import CHeap

/// The C heap's settings for a process that holds a large index.
///
/// glibc raises its mmap threshold each time a large block is freed (up to 32 MB) and its trim
/// threshold to twice that, so after an ingest, arrays of up to 32 MB come from its arenas,
/// and up to 64 MB freed at the top of a thread's arena stays resident: `malloc_trim` does
/// not trim the top of an arena other than the main one. At 1.03M posts that held about 30 MB
/// the index had freed (packing moves the postings and texts to new arenas). Fixed
/// thresholds keep it at 4 MB: blocks of 4 MB or more (the index's big arrays) are mapped on
/// their own and given back when freed, and no arena keeps more than 4 MB unused at its top.
/// (With the mmap threshold at glibc's 128 KB start instead, every query's larger scratch
/// arrays were mapped and unmapped anew: OR queries took 1.2–1.35× the time.)
///
/// Process-wide: the executables call it once at start-up; the library itself never does.
public enum ProcessHeap {
    /// Bytes of free memory an arena may keep at its top.
    public static let trimThreshold = 4 << 20
    /// Blocks of this many bytes or more are mapped on their own.
    public static let mmapThreshold = 4 << 20

    /// Sets the heap up for a large index (see the type's notes); true when it applied (glibc).
    @discardableResult
    public static func configureForLargeIndex() -> Bool {
        hudong_heap_set_thresholds(Int32(trimThreshold), Int32(mmapThreshold)) == 1
    }
}
