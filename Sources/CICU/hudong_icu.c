// The only file that includes ICU's headers: plain C wrappers declared in hudong_icu.h.
#include "hudong_icu.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#include <unicode/utypes.h>
#include <unicode/uversion.h>

const char *hudong_icu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

void hudong_icu_version(uint8_t *major, uint8_t *minor) {
    UVersionInfo info;
    u_getVersion(info);
    *major = info[0];
    *minor = info[1];
}

void *hudong_wordbreak_open(int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &code);
    *status = (int32_t)code;
    return bi;
}

void *hudong_wordbreak_clone(const void *breaker, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_clone((const UBreakIterator *)breaker, &code);
    *status = (int32_t)code;
    return bi;
}

void hudong_wordbreak_close(void *breaker) { ubrk_close((UBreakIterator *)breaker); }

void hudong_wordbreak_set_text(void *breaker, const uint16_t *text, int32_t length, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    ubrk_setText((UBreakIterator *)breaker, (const UChar *)text, length, &code);
    *status = (int32_t)code;
}

int32_t hudong_wordbreak_first(void *breaker) { return ubrk_first((UBreakIterator *)breaker); }

int32_t hudong_wordbreak_next(void *breaker) {
    int32_t next = ubrk_next((UBreakIterator *)breaker);
    return next == UBRK_DONE ? -1 : next;
}

int32_t hudong_wordbreak_rule_status(void *breaker) { return ubrk_getRuleStatus((UBreakIterator *)breaker); }

const void *hudong_nfkc_casefold_open(int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCCasefoldInstance(&code);
    *status = (int32_t)code;
    return n;
}

int32_t hudong_normalize(const void *normalizer, const uint16_t *source, int32_t length,
                         uint16_t *destination, int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t n = unorm2_normalize((const UNormalizer2 *)normalizer, (const UChar *)source, length,
                                 (UChar *)destination, capacity, &code);
    *status = (int32_t)code;
    return n;
}

int hudong_has_boundary_before(const void *normalizer, uint32_t c) {
    return unorm2_hasBoundaryBefore((const UNormalizer2 *)normalizer, (UChar32)c) ? 1 : 0;
}

void *hudong_transliterator_open(const uint16_t *id, int32_t length, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UParseError parseError;
    UTransliterator *t = utrans_openU((const UChar *)id, length, UTRANS_FORWARD, NULL, 0, &parseError, &code);
    *status = (int32_t)code;
    return t;
}

void hudong_transliterator_close(void *transliterator) { utrans_close((UTransliterator *)transliterator); }

void hudong_transliterate(const void *transliterator, uint16_t *text, int32_t *length, int32_t capacity,
                          int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t limit = *length;
    utrans_transUChars((const UTransliterator *)transliterator, (UChar *)text, length, capacity, 0, &limit, &code);
    *status = (int32_t)code;
}

int hudong_is_extended_pictographic(uint32_t c) { return u_hasBinaryProperty((UChar32)c, UCHAR_EXTENDED_PICTOGRAPHIC) ? 1 : 0; }
int hudong_is_emoji_presentation(uint32_t c) { return u_hasBinaryProperty((UChar32)c, UCHAR_EMOJI_PRESENTATION) ? 1 : 0; }
int hudong_is_ideographic(uint32_t c) { return u_hasBinaryProperty((UChar32)c, UCHAR_IDEOGRAPHIC) ? 1 : 0; }
int hudong_is_alphanumeric(uint32_t c) { return u_hasBinaryProperty((UChar32)c, UCHAR_POSIX_ALNUM) ? 1 : 0; }
int hudong_is_default_ignorable(uint32_t c) { return u_hasBinaryProperty((UChar32)c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ? 1 : 0; }
