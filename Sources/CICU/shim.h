// Shim over the system ICU (libicu-dev) for Swift.
//
// ICU's urename.h turns every C function into a version-suffixed macro (ubrk_open -> ubrk_open_72),
// which Swift cannot import. Each function Hudong uses is re-exposed here as a static inline
// wrapper with an `hicu_` prefix that calls the versioned entry point.
#ifndef HUDONG_CICU_SHIM_H
#define HUDONG_CICU_SHIM_H

#include <unicode/utypes.h>
#include <unicode/uchar.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#include <unicode/uscript.h>
#include <unicode/uversion.h>

static inline const char *hicu_errorName(UErrorCode code) { return u_errorName(code); }

static inline UBreakIterator *hicu_ubrk_open(UBreakIteratorType type, const char *locale,
                                             const UChar *text, int32_t length, UErrorCode *status) {
    return ubrk_open(type, locale, text, length, status);
}
static inline UBreakIterator *hicu_ubrk_clone(const UBreakIterator *bi, UErrorCode *status) {
    return ubrk_clone(bi, status);
}
static inline void hicu_ubrk_close(UBreakIterator *bi) { ubrk_close(bi); }
static inline void hicu_ubrk_setText(UBreakIterator *bi, const UChar *text, int32_t length, UErrorCode *status) {
    ubrk_setText(bi, text, length, status);
}
static inline int32_t hicu_ubrk_first(UBreakIterator *bi) { return ubrk_first(bi); }
static inline int32_t hicu_ubrk_next(UBreakIterator *bi) { return ubrk_next(bi); }
static inline int32_t hicu_ubrk_getRuleStatus(UBreakIterator *bi) { return ubrk_getRuleStatus(bi); }

static inline const UNormalizer2 *hicu_unorm2_getNFKCCasefoldInstance(UErrorCode *status) {
    return unorm2_getNFKCCasefoldInstance(status);
}
static inline int32_t hicu_unorm2_normalize(const UNormalizer2 *norm, const UChar *src, int32_t length,
                                            UChar *dest, int32_t capacity, UErrorCode *status) {
    return unorm2_normalize(norm, src, length, dest, capacity, status);
}
static inline UBool hicu_unorm2_hasBoundaryBefore(const UNormalizer2 *norm, UChar32 c) {
    return unorm2_hasBoundaryBefore(norm, c);
}

static inline UTransliterator *hicu_utrans_openU(const UChar *id, int32_t idLength, UTransDirection dir,
                                                 const UChar *rules, int32_t rulesLength,
                                                 UParseError *parseError, UErrorCode *status) {
    return utrans_openU(id, idLength, dir, rules, rulesLength, parseError, status);
}
static inline void hicu_utrans_close(UTransliterator *trans) { utrans_close(trans); }
static inline void hicu_utrans_transUChars(const UTransliterator *trans, UChar *text, int32_t *textLength,
                                           int32_t textCapacity, int32_t start, int32_t *limit, UErrorCode *status) {
    utrans_transUChars(trans, text, textLength, textCapacity, start, limit, status);
}

static inline UBool hicu_hasBinaryProperty(UChar32 c, UProperty which) { return u_hasBinaryProperty(c, which); }
static inline UScriptCode hicu_getScript(UChar32 c, UErrorCode *status) { return uscript_getScript(c, status); }
static inline void hicu_getVersion(UVersionInfo info) { u_getVersion(info); }

#endif
