internal import CICU

/// Thin Swift wrappers over the few ICU C functions Hudong uses; nothing outside this module sees ICU.

/// Whether an ICU status is a failure (warnings such as `U_USING_DEFAULT_WARNING` are negative and pass).
@inline(__always)
func icuFailed(_ status: Int32) -> Bool { status > 0 }

func icuErrorName(_ status: Int32) -> String { String(cString: hudong_icu_error_name(status)) }

/// ICU's version as "major.minor".
public var icuVersion: String {
    var major: UInt8 = 0, minor: UInt8 = 0
    hudong_icu_version(&major, &minor)
    return "\(major).\(minor)"
}

/// One ICU word-break iterator (`UBRK_WORD`, locale `zh`), owned by one thread at a time.
///
/// ICU break iterators are not thread-safe; `WordBreakerPool` hands each analysis its own clone.
final class ICUWordBreaker: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer

    /// Opens a word-break iterator for Chinese.
    init() throws(TextError) {
        var status: Int32 = 0
        guard let bi = hudong_wordbreak_open(&status), !icuFailed(status) else {
            throw .icu(operation: "ubrk_open(UBRK_WORD, zh)", status: icuErrorName(status))
        }
        handle = bi
    }

    private init(handle: UnsafeMutableRawPointer) { self.handle = handle }

    /// A clone sharing the compiled rules and dictionary (about 0.1 µs, 2 KB).
    func clone() throws(TextError) -> ICUWordBreaker {
        var status: Int32 = 0
        guard let bi = hudong_wordbreak_clone(handle, &status), !icuFailed(status) else {
            throw .icu(operation: "ubrk_clone", status: icuErrorName(status))
        }
        return ICUWordBreaker(handle: bi)
    }

    deinit { hudong_wordbreak_close(handle) }

    /// Calls `body(start, end, ruleStatus)` for each segment of `units`.
    ///
    /// The iterator keeps pointing into `units` after it returns (detaching cost a second
    /// `ubrk_setText` per text, about 1.5% of ICU's time): nothing reads an iterator's text but
    /// this call, which sets its own first; `detach()` before cloning one.
    ///
    /// Rule status: 0 none (spaces, punctuation, emoji), 100 number, 200 letter, 300 kana, 400 ideograph.
    func forEachSegment(_ units: UnsafeBufferPointer<UInt16>, _ body: (Int, Int, Int32) -> Void) {
        guard let base = units.baseAddress, units.count > 0 else { return }
        var status: Int32 = 0
        hudong_wordbreak_set_text(handle, base, Int32(units.count), &status)
        guard !icuFailed(status) else { return }
        var start = Int(hudong_wordbreak_first(handle))
        while true {
            let end = hudong_wordbreak_next(handle)
            if end < 0 { break }
            body(start, Int(end), hudong_wordbreak_rule_status(handle))
            start = Int(end)
        }
    }

    /// Points the iterator at no text, so a clone of it copies no pointer into a freed buffer.
    func detach() {
        var status: Int32 = 0
        hudong_wordbreak_set_text(handle, nil, 0, &status)
    }
}

/// ICU's NFKC + case-fold normalizer (a shared, read-only ICU instance).
struct ICUCaseFoldNormalizer: @unchecked Sendable {
    private let handle: UnsafeRawPointer

    init() throws(TextError) {
        var status: Int32 = 0
        guard let n = hudong_nfkc_casefold_open(&status), !icuFailed(status) else {
            throw .icu(operation: "unorm2_getNFKCCasefoldInstance", status: icuErrorName(status))
        }
        handle = n
    }

    /// Whether a normalization chunk starts before `scalar` (so text can be normalized in pieces).
    func hasBoundaryBefore(_ scalar: UInt32) -> Bool {
        hudong_has_boundary_before(handle, scalar) != 0
    }

    /// Appends the NFKC-casefold form of `chunk` to `output`.
    func normalize(_ chunk: UnsafeBufferPointer<UInt16>, appendingTo output: inout [UInt16]) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        var status: Int32 = 0
        let capacity = chunk.count * 18 + 8
        let result = [UInt16](unsafeUninitializedCapacity: capacity) { buf, count in
            let n = hudong_normalize(handle, base, Int32(chunk.count), buf.baseAddress, Int32(capacity), &status)
            count = icuFailed(status) ? 0 : Int(n)
        }
        if icuFailed(status) { output.append(contentsOf: chunk) } else { output.append(contentsOf: result) }
    }
}

/// ICU's `Traditional-Simplified` transliterator, used once to derive the per-character folding table.
final class ICUTransliterator {
    private let handle: UnsafeMutableRawPointer

    init(id: String) throws(TextError) {
        var status: Int32 = 0
        let idUnits = Array(id.utf16)
        let opened = idUnits.withUnsafeBufferPointer {
            hudong_transliterator_open($0.baseAddress, Int32($0.count), &status)
        }
        guard let t = opened, !icuFailed(status) else {
            throw .icu(operation: "utrans_openU(\(id))", status: icuErrorName(status))
        }
        handle = t
    }

    deinit { hudong_transliterator_close(handle) }

    /// Transliterates UTF-16 text; returns the input unchanged if ICU fails.
    func transliterate(_ units: [UInt16]) -> [UInt16] {
        var buffer = units
        let capacity = units.count * 2 + 16
        buffer.append(contentsOf: repeatElement(0, count: capacity - units.count))
        var length = Int32(units.count)
        var status: Int32 = 0
        buffer.withUnsafeMutableBufferPointer {
            hudong_transliterate(handle, $0.baseAddress, &length, Int32(capacity), &status)
        }
        if icuFailed(status) { return units }
        return Array(buffer[0..<Int(length)])
    }
}

/// Unicode properties Hudong asks ICU about.
enum ICUProperties {
    static func isExtendedPictographic(_ scalar: UInt32) -> Bool {
        hudong_is_extended_pictographic(scalar) != 0
    }
    static func isEmojiPresentation(_ scalar: UInt32) -> Bool {
        hudong_is_emoji_presentation(scalar) != 0
    }
    static func isIdeographic(_ scalar: UInt32) -> Bool {
        hudong_is_ideographic(scalar) != 0
    }
    /// Letter or decimal digit (POSIX `alnum`: Alphabetic or Nd).
    static func isAlphanumeric(_ scalar: UInt32) -> Bool {
        hudong_is_alphanumeric(scalar) != 0
    }
    static func isDefaultIgnorable(_ scalar: UInt32) -> Bool {
        hudong_is_default_ignorable(scalar) != 0
    }
}
