/**
 * Legacy 8-bit Vietnamese encodings still found in library exports (research/marc.md §4.2):
 * TCVN3 (TCVN 5712:1993 VN3, ".VnTime" fonts), VNI-Windows ("VNI-Times" fonts) and Windows-1258.
 * Decoders are total: every byte gives some character. Callers normalise to NFC.
 */
import iconv from 'iconv-lite'

function tableFrom (encoding: string): string[] {
  const all = Buffer.alloc(256)
  for (let i = 0; i < 256; i++) all[i] = i
  const chars = Array.from(iconv.decode(all, encoding))
  if (chars.length !== 256) throw new Error(`iconv-lite ${encoding}: not a single-byte table`)
  // iconv-lite's "tcvn" is TCVN 5712 VN1, which puts twelve toned capitals on C0 codes (0x01, 0x02,
  // 0x04–0x06, 0x11–0x17). VN3, the form libraries used, keeps C0 as controls, and MARC needs them so.
  for (let i = 0; i < 0x20; i++) chars[i] = String.fromCharCode(i)
  return chars
}

let TCVN3: string[] | undefined
let CP1258: string[] | undefined

function bySingleBytes (table: string[], bytes: Uint8Array, start: number, end: number): string {
  let s = ''
  for (let i = start; i < end; i++) s += table[bytes[i]]
  return s
}

/** TCVN3 bytes → text (toned capitals do not exist in VN3: they come back lower case). */
export function decodeTcvn3 (bytes: Uint8Array, start = 0, end = bytes.length): string {
  TCVN3 ??= tableFrom('tcvn')
  return bySingleBytes(TCVN3, bytes, start, end)
}

/** Windows-1258 bytes → text. Tones are combining characters (0xCC 0xEC 0xDE 0xD2 0xF2): not NFC. */
export function decodeCp1258 (bytes: Uint8Array, start = 0, end = bytes.length): string {
  CP1258 ??= tableFrom('cp1258')
  return bySingleBytes(CP1258, bytes, start, end)
}

// VNI-Windows writes a letter as a base byte followed by a diacritic byte, both shown by ordinary
// fonts as Latin-1 glyphs. The table is built from the scheme (base × modifier × tone) rather than
// typed letter by letter; test/unit/marc/charsets.test.ts checks it against vietnamese/vni-map.json.
const VNI_TONES = ['\u0301', '\u0300', '\u0309', '\u0303', '\u0323'] // sắc, huyền, hỏi, ngã, nặng
const VNI_GROUPS: Array<[string, string[]]> = [
  // [letter, its six upper-case forms: no tone, sắc, huyền, hỏi, ngã, nặng] as Latin-1 glyphs
  ['A', ['A', 'AÙ', 'AØ', 'AÛ', 'AÕ', 'AÏ']], ['Â', ['AÂ', 'AÁ', 'AÀ', 'AÅ', 'AÃ', 'AÄ']],
  ['Ă', ['AÊ', 'AÉ', 'AÈ', 'AÚ', 'AÜ', 'AË']], ['E', ['E', 'EÙ', 'EØ', 'EÛ', 'EÕ', 'EÏ']],
  ['Ê', ['EÂ', 'EÁ', 'EÀ', 'EÅ', 'EÃ', 'EÄ']], ['O', ['O', 'OÙ', 'OØ', 'OÛ', 'OÕ', 'OÏ']],
  ['Ô', ['OÂ', 'OÁ', 'OÀ', 'OÅ', 'OÃ', 'OÄ']], ['Ơ', ['Ô', 'ÔÙ', 'ÔØ', 'ÔÛ', 'ÔÕ', 'ÔÏ']],
  ['U', ['U', 'UÙ', 'UØ', 'UÛ', 'UÕ', 'UÏ']], ['Ư', ['Ö', 'ÖÙ', 'ÖØ', 'ÖÛ', 'ÖÕ', 'ÖÏ']],
  ['I', ['I', 'Í', 'Ì', 'Æ', 'Ó', 'Ò']], ['Y', ['Y', 'YÙ', 'YØ', 'YÛ', 'YÕ', 'Î']],
]

interface VniNode { one?: string, next?: Map<number, string> }
let VNI: Map<number, VniNode> | undefined

/** Letter → VNI bytes, for every Vietnamese letter (exported for the table test). */
export function vniLetters (): Map<string, Buffer> {
  const out = new Map<string, Buffer>([['Đ', Buffer.from('Ñ', 'latin1')], ['đ', Buffer.from('ñ', 'latin1')]])
  for (const [letter, forms] of VNI_GROUPS) {
    forms.forEach((form, k) => {
      const up = (k === 0 ? letter : letter + VNI_TONES[k - 1]).normalize('NFC')
      out.set(up, Buffer.from(form, 'latin1'))
      out.set(up.toLowerCase(), Buffer.from(form.toLowerCase(), 'latin1'))
    })
  }
  return out
}

function vniTrie (): Map<number, VniNode> {
  if (VNI === undefined) {
    VNI = new Map()
    for (const [letter, b] of vniLetters()) {
      let node = VNI.get(b[0])
      if (node === undefined) { node = {}; VNI.set(b[0], node) }
      if (b.length === 1) node.one = letter
      else { node.next ??= new Map(); node.next.set(b[1], letter) }
    }
  }
  return VNI
}

/** VNI-Windows bytes → text, longest match first; unmapped bytes read as Latin-1. */
export function decodeVni (bytes: Uint8Array, start = 0, end = bytes.length): string {
  const trie = vniTrie()
  let s = ''
  let i = start
  while (i < end) {
    const b = bytes[i]
    const node = trie.get(b)
    if (node !== undefined) {
      const two = i + 1 < end ? node.next?.get(bytes[i + 1]) : undefined
      if (two !== undefined) { s += two; i += 2; continue }
      if (node.one !== undefined) { s += node.one; i++; continue }
    }
    s += String.fromCharCode(b)
    i++
  }
  return s
}
