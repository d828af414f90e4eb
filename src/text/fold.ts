/**
 * Search keys for Vietnamese (research/marc.md §4.3). Two keys per term:
 * - `exactKey`: NFC, lower case: `Bà` ≠ `Ba`, used by accent-sensitive (==, exact) matching;
 * - `foldKey`: tone marks and letter modifiers removed, đ→d: `truyen kieu` = `Truyện Kiều`.
 * Đ/đ have no Unicode decomposition, so they are mapped explicitly, with their look-alikes
 * (Ð U+00D0, ð U+00F0, Ɖ U+0189, ɖ U+0256) that bad font conversions leave behind.
 */
const DSTROKE = /[đĐÐðƉɖ]/g
const MARKS = /\p{Mn}+/gu

export function exactKey (s: string): string {
  return s.normalize('NFC').toLowerCase()
}

export function foldKey (s: string): string {
  return foldLetters(s).toLowerCase()
}

/** The same fold keeping case (Đ→D, đ→d): ASCII-only devices such as old SIP2 kiosk printers. */
export function foldLetters (s: string): string {
  return s.normalize('NFD').replace(MARKS, '').replace(DSTROKE, c => (c === c.toLowerCase() ? 'd' : 'D')).normalize('NFC')
}

/**
 * Words of a field for indexing and matching: runs of letters, marks and digits (so `OAI-PMH` gives
 * `oai`, `pmh`). Apostrophes inside words are dropped rather than splitting them.
 */
export function words (s: string): string[] {
  return s.normalize('NFC').replace(/['’]/g, '').match(/[\p{L}\p{M}\p{N}]+/gu) ?? []
}

// Below U+0300 there are no combining marks and no characters NFC changes, so such a string is NFC.
const MAYBE_NOT_NFC = /[^\u0000-\u02ff]/

/** NFC everywhere (MISSION.md): the one normaliser every ingest path calls; skips ICU for text that cannot change. */
export function nfc (s: string): string {
  return MAYBE_NOT_NFC.test(s) ? s.normalize('NFC') : s
}
