import HudongIndex

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body that throws `StoreError` (the standard one rethrows `any Error`).
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(StoreError) -> R) throws(StoreError) -> R {
        let result = withUnsafeBytes { raw in Result { () throws(StoreError) -> R in try body(raw) } }
        return try result.get()
    }

    /// `withUnsafeMutableBytes` for a body that throws `StoreError`.
    mutating func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws(StoreError) -> R) throws(StoreError) -> R {
        let result = withUnsafeMutableBytes { raw in Result { () throws(StoreError) -> R in try body(raw) } }
        return try result.get()
    }
}
