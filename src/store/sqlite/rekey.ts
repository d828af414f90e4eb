import { encodeWeight } from '../../search/keys.js'

/**
 * Sort tokens as stores of schema version 2 hold them, converted to today's (src/search/keys.ts).
 * Version 2 wrote each weight as the private-use character U+E100 + w (three bytes of UTF-8), or,
 * from 0x0F00 up, U+F000 + (w >> 8) then U+E100 + (w & 0xFF); its letters weighed 0x100-0x120
 * where they now weigh 0x50-0x70. Every other weight is unchanged, so the conversion is exact and
 * keeps the order: a table read in its old key order is written in its new one.
 */
const OLD_LETTERS = 0x100
const LETTER_COUNT = 33
const LETTERS = 0x50

export function rekeyV2Token (old: string): string {
  let out = ''
  for (let i = 0; i < old.length; i++) {
    const c = old.charCodeAt(i)
    let w: number
    if (c >= 0xf000 && i + 1 < old.length) { w = ((c - 0xf000) << 8) | (old.charCodeAt(i + 1) - 0xe100); i++ } else w = c - 0xe100
    if (w >= OLD_LETTERS && w < OLD_LETTERS + LETTER_COUNT) w = w - OLD_LETTERS + LETTERS
    out += encodeWeight(w)
  }
  return out
}
