internal import CICU

/// Thin Swift wrappers over the few ICU C functions Hudong uses; nothing outside this module sees ICU.

/// Whether an ICU status is a failure (warnings such as `U_USING_DEFAULT_WARNING` are negative and pass).
@inline(__always)
func icuFailed(_ status: UErrorCode) -> Bool { status.rawValue > U_ZERO_ERROR.rawValue }

func icuErrorName(_ status: UErrorCode) -> String { String(cString: hicu_errorName(status)) }

/// ICU's version as "major.minor".
public var icuVersion: String {
    var info: UVersionInfo = (0, 0, 0, 0)
    hicu_getVersion(&info)
    return "\(info.0).\(info.1)"
}

/// One ICU word-break iterator (`UBRK_WORD`, locale `zh`), owned by one thread at a time.
///
/// ICU break iterators are not thread-safe; `WordBreakerPool` hands each analysis its own clone.
final class ICUWordBreaker: @unchecked Sendable {
    private let handle: OpaquePointer

    /// Opens a word-break iterator for Chinese.
    init() throws(TextError) {
        var status = U_ZERO_ERROR
        guard let bi = hicu_ubrk_open(UBRK_WORD, "zh", nil, 0, &status), !icuFailed(status) else {
            throw .icu(operation: "ubrk_open(UBRK_WORD, zh)", status: icuErrorName(status))
        }
        handle = bi
    }

    private init(handle: OpaquePointer) { self.handle = handle }

    /// A clone sharing the compiled rules and dictionary (about 0.1 µs, 2 KB).
    func clone() throws(TextError) -> ICUWordBreaker {
        var status = U_ZERO_ERROR
        guard let bi = hicu_ubrk_clone(handle, &status), !icuFailed(status) else {
            throw .icu(operation: "ubrk_clone", status: icuErrorName(status))
        }
        return ICUWordBreaker(handle: bi)
    }

    deinit { hicu_ubrk_close(handle) }

    /// Calls `body(start, end, ruleStatus)` for each segment of `units`.
    ///
    /// Rule status: 0 none (spaces, punctuation, emoji), 100 number, 200 letter, 300 kana, 400 ideograph.
    func forEachSegment(_ units: UnsafeBufferPointer<UInt16>, _ body: (Int, Int, Int32) -> Void) {
        guard let base = units.baseAddress, units.count > 0 else { return }
        var status = U_ZERO_ERROR
        hicu_ubrk_setText(handle, base, Int32(units.count), &status)
        guard !icuFailed(status) else { return }
        var start = Int(hicu_ubrk_first(handle))
        while true {
            let end = hicu_ubrk_next(handle)
            if end == UBRK_DONE { break }
            body(start, Int(end), hicu_ubrk_getRuleStatus(handle))
            start = Int(end)
        }
        // Detach from the caller's buffer so the iterator never holds a dangling pointer.
        hicu_ubrk_setText(handle, nil, 0, &status)
    }
}

/// ICU's NFKC + case-fold normalizer (a shared, read-only ICU instance).
struct ICUCaseFoldNormalizer: @unchecked Sendable {
    private let handle: OpaquePointer

    init() throws(TextError) {
        var status = U_ZERO_ERROR
        guard let n = hicu_unorm2_getNFKCCasefoldInstance(&status), !icuFailed(status) else {
            throw .icu(operation: "unorm2_getNFKCCasefoldInstance", status: icuErrorName(status))
        }
        handle = n
    }

    /// Whether a normalization chunk starts before `scalar` (so text can be normalized in pieces).
    func hasBoundaryBefore(_ scalar: UInt32) -> Bool {
        hicu_unorm2_hasBoundaryBefore(handle, Int32(bitPattern: scalar)) != 0
    }

    /// Appends the NFKC-casefold form of `chunk` to `output`.
    func normalize(_ chunk: UnsafeBufferPointer<UInt16>, appendingTo output: inout [UInt16]) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        var status = U_ZERO_ERROR
        let capacity = chunk.count * 18 + 8
        let result = [UInt16](unsafeUninitializedCapacity: capacity) { buf, count in
            let n = hicu_unorm2_normalize(handle, base, Int32(chunk.count), buf.baseAddress, Int32(capacity), &status)
            count = icuFailed(status) ? 0 : Int(n)
        }
        if icuFailed(status) { output.append(contentsOf: chunk) } else { output.append(contentsOf: result) }
    }
}

/// ICU's `Traditional-Simplified` transliterator, used once to derive the per-character folding table.
final class ICUTransliterator {
    private let handle: UnsafeMutablePointer<UTransliterator?>

    init(id: String) throws(TextError) {
        var status = U_ZERO_ERROR
        let idUnits = Array(id.utf16)
        var parseError = UParseError()
        let opened = idUnits.withUnsafeBufferPointer {
            hicu_utrans_openU($0.baseAddress, Int32($0.count), UTRANS_FORWARD, nil, 0, &parseError, &status)
        }
        guard let t = opened, !icuFailed(status) else {
            throw .icu(operation: "utrans_openU(\(id))", status: icuErrorName(status))
        }
        handle = t
    }

    deinit { hicu_utrans_close(handle) }

    /// Transliterates UTF-16 text; returns the input unchanged if ICU fails.
    func transliterate(_ units: [UInt16]) -> [UInt16] {
        var buffer = units
        let capacity = units.count * 2 + 16
        buffer.append(contentsOf: repeatElement(0, count: capacity - units.count))
        var length = Int32(units.count)
        var limit = length
        var status = U_ZERO_ERROR
        buffer.withUnsafeMutableBufferPointer {
            hicu_utrans_transUChars(handle, $0.baseAddress, &length, Int32(capacity), 0, &limit, &status)
        }
        if icuFailed(status) { return units }
        return Array(buffer[0..<Int(length)])
    }
}

/// Unicode properties Hudong asks ICU about.
enum ICUProperties {
    static func isExtendedPictographic(_ scalar: UInt32) -> Bool {
        hicu_hasBinaryProperty(Int32(bitPattern: scalar), UCHAR_EXTENDED_PICTOGRAPHIC) != 0
    }
    static func isEmojiPresentation(_ scalar: UInt32) -> Bool {
        hicu_hasBinaryProperty(Int32(bitPattern: scalar), UCHAR_EMOJI_PRESENTATION) != 0
    }
    static func isIdeographic(_ scalar: UInt32) -> Bool {
        hicu_hasBinaryProperty(Int32(bitPattern: scalar), UCHAR_IDEOGRAPHIC) != 0
    }
    /// Letter or decimal digit (POSIX `alnum`: Alphabetic or Nd).
    static func isAlphanumeric(_ scalar: UInt32) -> Bool {
        hicu_hasBinaryProperty(Int32(bitPattern: scalar), UCHAR_POSIX_ALNUM) != 0
    }
    static func isDefaultIgnorable(_ scalar: UInt32) -> Bool {
        hicu_hasBinaryProperty(Int32(bitPattern: scalar), UCHAR_DEFAULT_IGNORABLE_CODE_POINT) != 0
    }
}
