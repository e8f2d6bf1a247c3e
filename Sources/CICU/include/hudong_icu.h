// Hudong's window on the system ICU (libicu-dev).
//
// Only plain C types cross this header: ICU's own headers are included by hudong_icu.c alone,
// so no Swift module ever sees an ICU declaration. That keeps the system ICU from clashing with
// the copy of ICU inside Foundation (`_FoundationICU`), whose types share ICU's names.
// Status codes are ICU's UErrorCode values: > 0 is a failure, <= 0 success or a warning.
#ifndef HUDONG_ICU_H
#define HUDONG_ICU_H

#include <stdint.h>

/// ICU's name for a status code ("U_ZERO_ERROR", "U_MISSING_RESOURCE_ERROR", ...).
const char *hudong_icu_error_name(int32_t status);
/// ICU's version: major and minor.
void hudong_icu_version(uint8_t *major, uint8_t *minor);

/// A word-break iterator for Chinese (UBRK_WORD, locale "zh"), or NULL with *status set.
void *hudong_wordbreak_open(int32_t *status);
void *hudong_wordbreak_clone(const void *breaker, int32_t *status);
void hudong_wordbreak_close(void *breaker);
/// Points the iterator at UTF-16 text (NULL, 0 detaches it).
void hudong_wordbreak_set_text(void *breaker, const uint16_t *text, int32_t length, int32_t *status);
int32_t hudong_wordbreak_first(void *breaker);
/// The next boundary, or -1 when done.
int32_t hudong_wordbreak_next(void *breaker);
/// The rule status of the segment that ends at the current boundary (0, 100, 200, 300, 400 ranges).
int32_t hudong_wordbreak_rule_status(void *breaker);

/// ICU's shared NFKC + case-fold normalizer (never freed), or NULL with *status set.
const void *hudong_nfkc_casefold_open(int32_t *status);
/// Normalizes `length` units of `source` into `destination`; returns the length written.
int32_t hudong_normalize(const void *normalizer, const uint16_t *source, int32_t length,
                         uint16_t *destination, int32_t capacity, int32_t *status);
/// Whether a normalization chunk starts before code point `c`.
int hudong_has_boundary_before(const void *normalizer, uint32_t c);

/// A transliterator by id (e.g. "Traditional-Simplified"), or NULL with *status set.
void *hudong_transliterator_open(const uint16_t *id, int32_t length, int32_t *status);
void hudong_transliterator_close(void *transliterator);
/// Transliterates `text` in place; `*length` is updated; `capacity` bounds growth.
void hudong_transliterate(const void *transliterator, uint16_t *text, int32_t *length, int32_t capacity,
                          int32_t *status);

/// Unicode properties of code point `c`.
int hudong_is_extended_pictographic(uint32_t c);
int hudong_is_emoji_presentation(uint32_t c);
int hudong_is_ideographic(uint32_t c);
int hudong_is_alphanumeric(uint32_t c);
int hudong_is_default_ignorable(uint32_t c);

#endif
