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

// Called through the prototype's function (see src/search/keys.ts on megamorphic string reads).
const charCodeAt = String.prototype.charCodeAt

/**
 * NFC everywhere (MISSION.md): the one normaliser every ingest path calls; skips ICU for text that
 * cannot change. Below U+0300 there are no combining marks and no characters NFC changes, and the
 * precomposed letters of Latin Extended Additional (U+1E00-U+1EFF, every toned Vietnamese vowel)
 * are NFC themselves and compose with nothing when no combining mark follows: Vietnamese text in
 * NFC is all in those two ranges, and is returned as it is without a call into ICU.
 */
export function nfc (s: string): string {
  const n = s.length
  for (let i = 0; i < n; i++) {
    const c = charCodeAt.call(s, i)
    if (c >= 0x300 && (c < 0x1e00 || c >= 0x1f00)) return s.normalize('NFC')
  }
  return s
}
