/**
 * How Vietnamese does a decoding look? Used to choose between legacy encodings whose bytes are all
 * "valid" (research/marc.md §4.2): the right decoding turns almost every non-ASCII word into a
 * well-formed syllable (onset + rhyme, at most one tone), a wrong one into symbol soup.
 */
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g
const ONSET = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])/
// The rhymes of standard Vietnamese orthography without tone (vần), grouped by nucleus.
const RHYMES = new Set(`
a ai ao au ay ac ach am an ang anh ap at
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e eo ec em en eng ep et
ê êu êch ênh êm ên êp êt
i ia iu ich im in inh ip it iêc iêm iên iêng iêp iêt iêu
o oa oai oao oay oac oach oam oan oang oanh oap oat oăc oăm oăn oăng oăt oe oeo oen oet oi oc om on ong op ot ooc oong
ô ôi ôc ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uê uênh uy uya uyên uyêt uych uynh uyt uyu ui uc um un ung up ut uôc uôi uôm uôn uông uôt uơ
ư ưa ưi ưu ưc ưng ưt ưm ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêt yêu`.trim().split(/\s+/))
const STOP_FINAL = /(c|ch|p|t)$/

// Token boundaries: whitespace, ASCII digits and punctuation. Non-ASCII symbols stay inside a token
// so that a wrong decoding ("tr¸i") counts as a bad word instead of splitting into good ASCII pieces.
const SPLIT = /[\s\x00-\x40\x5b-\x60\x7b-\x7f]+/

/**
 * True for a (case-insensitive) Vietnamese syllable: an onset, a rhyme of the orthography, at most
 * one tone, and only sắc or nặng on a rhyme closed by c, ch, p or t.
 */
export function isVietnameseSyllable (word: string): boolean {
  const d = word.toLowerCase().normalize('NFD')
  const tones = d.match(TONES)
  if (tones !== null && tones.length > 1) return false
  const bare = d.replace(TONES, '').normalize('NFC')
  if (tones !== null && tones[0] !== '\u0301' && tones[0] !== '\u0323' && STOP_FINAL.test(bare)) return false
  if (RHYMES.has(bare)) return true
  const onset = ONSET.exec(bare)
  if (onset === null) return false
  const rhyme = bare.slice(onset[0].length)
  // "gi" and "qu" also spell g/q + a rhyme starting with i/u ("gìn", "quốc" read as qu + ôc).
  return RHYMES.has(rhyme) || (onset[0] === 'gi' && RHYMES.has('i' + rhyme)) || (onset[0].length === 2 && rhyme === '' && (onset[0] === 'gi'))
}

export interface SyllableCount {
  /** Words with a non-ASCII character that are Vietnamese syllables. */
  readonly valid: number
  /** Words with a non-ASCII character that are not. */
  readonly invalid: number
}

/**
 * Counts well-formed and malformed words of a decoded text, only words with a non-ASCII character
 * (ASCII words read the same in every candidate encoding).
 */
export function vietnameseWords (text: string): SyllableCount {
  let valid = 0
  let invalid = 0
  // In MARC data a subfield code follows the delimiter with no space: keep it out of the word.
  for (const w of text.replace(/\x1f[^\x1f]?/g, ' ').split(SPLIT)) {
    if (w.length === 0 || !/[^\x00-\x7f]/.test(w)) continue
    if (isVietnameseSyllable(w)) valid++; else invalid++
  }
  return { valid, invalid }
}

/** Well-formed minus malformed non-ASCII words. */
export function vietnameseScore (text: string): number {
  const c = vietnameseWords(text)
  return c.valid - c.invalid
}
