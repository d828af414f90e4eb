/**
 * One ISO 2709 record (MARC 21 "Record Structure") → MarcRecord, with every repair reported.
 * Lengths are bytes. Each directory entry is checked against its field terminator at
 * base + offset + length - 1; when any entry fails, fields are re-read by scanning terminators and
 * take their tags from the directory in order (the "lengths counted in characters" exporter bug,
 * lengths over 9,999 or records over 99,999 bytes written modulo, bad offsets: research/marc.md §1.4).
 * Never throws: bad data gives { error }.
 */
import type { DataField, MarcField, MarcRecord, Subfield } from '../../model/marc.js'
import { decodeBytes, detectEncoding, type TextEncoding } from '../../text/charsets/index.js'
import { fixLeader, Nfc } from './finish.js'
import { RT } from './iso2709-split.js'

const FT = 0x1e
const SF = '\x1f'

export interface ParsedRecord {
  readonly record: MarcRecord | null
  readonly error?: string
  readonly repairs: string[]
  readonly encoding?: TextEncoding
}

/** Decimal value of bytes[from, from+n), or -1 when any is not an ASCII digit. */
function digits (b: Uint8Array, from: number, n: number): number {
  let v = 0
  for (let i = from; i < from + n; i++) {
    const c = b[i] - 0x30
    if (c < 0 || c > 9) return -1
    v = v * 10 + c
  }
  return v
}

function ascii (b: Uint8Array, from: number, to: number): string {
  let s = ''
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i])
  return s
}

/** How much the 24 bytes at p look like a leader: numeric length, base, 10–11 and 20–23. */
export function leaderScore (b: Uint8Array, p: number): number {
  if (p + 24 > b.length) return 0
  return (digits(b, p, 5) >= 0 ? 1 : 0) + (digits(b, p + 12, 5) >= 0 ? 1 : 0) +
    (digits(b, p + 10, 2) >= 0 ? 1 : 0) + (digits(b, p + 20, 4) >= 0 ? 1 : 0)
}

interface Span { tag: string, start: number, end: number } // end: index of the field terminator

export interface ParseOptions {
  readonly encoding: 'auto' | TextEncoding
  /** The encoding the previous record of the file was read as (tie-breaker for detection). */
  readonly prefer?: TextEncoding
}

/** Parses the record starting at `p` of `seg` (which ends with 0x1D when terminated). */
export function parseIso2709Record (seg: Buffer, p: number, terminated: boolean, opts: ParseOptions): ParsedRecord {
  const repairs: string[] = []
  const dataEnd = terminated ? seg.length - 1 : seg.length // index of the 0x1D, or the end
  const actual = dataEnd + 1 - p // the record length with its terminator
  if (dataEnd - p < 25) return { record: null, error: `not a record: ${dataEnd - p} bytes, shorter than a leader and a directory`, repairs }
  const recLen = digits(seg, p, 5)
  if (!terminated) {
    if (recLen > 0 && actual < recLen) {
      return { record: null, error: `truncated: the file ends after ${actual - 1} of the ${recLen} bytes the leader announces`, repairs }
    }
    repairs.push('record terminator missing at end of file')
  }
  if (recLen < 0) repairs.push(`leader record length '${ascii(seg, p, p + 5)}' is not numeric`)
  else if (recLen !== actual) {
    if (actual > 99999 && recLen === actual % 100000) repairs.push(`record is ${actual} bytes, over the 99,999 ISO 2709 allows (length written modulo 100,000)`)
    else repairs.push(`leader record length ${recLen} but the record is ${actual} bytes`)
  }
  const dirEnd = seg.indexOf(FT, p + 24)
  if (dirEnd === -1 || dirEnd >= dataEnd) return { record: null, error: 'no field terminator after the directory', repairs }
  const base = dirEnd + 1 - p
  const baseSaid = digits(seg, p + 12, 5)
  if (baseSaid !== base) {
    repairs.push(`leader base address '${ascii(seg, p + 12, p + 17)}' is wrong: the directory ends at ${base - 1}`)
  }
  const dirBytes = dirEnd - p - 24
  if (dirBytes % 12 !== 0) repairs.push(`directory is ${dirBytes} bytes, not a multiple of 12: the last ${dirBytes % 12} ignored`)
  const n = Math.floor(dirBytes / 12)
  const dataStart = p + base
  const spans: Span[] = []
  let valid = 0
  const entries: Array<{ tag: string, len: number, off: number, ok: boolean }> = []
  for (let k = 0; k < n; k++) {
    const e = p + 24 + k * 12
    const tag = String.fromCharCode(seg[e], seg[e + 1], seg[e + 2])
    const len = digits(seg, e + 3, 4)
    const off = digits(seg, e + 7, 5)
    const end = dataStart + off + len - 1
    const ok = len > 0 && off >= 0 && end < dataEnd + (terminated ? 0 : 1) && end >= dataStart && seg[end] === FT
    if (ok) valid++
    entries.push({ tag, len, off, ok })
  }
  if (n > 0 && valid === n) {
    for (const e of entries) spans.push({ tag: e.tag, start: dataStart + e.off, end: dataStart + e.off + e.len - 1 })
  } else {
    // Re-read by terminators.
    const scanned: Array<[number, number]> = []
    let s = dataStart
    while (s < dataEnd) {
      let t = seg.indexOf(FT, s)
      if (t === -1 || t > dataEnd) t = dataEnd
      if (t > s || t < dataEnd) scanned.push([s, t])
      s = t + 1
    }
    if (scanned.length === n) {
      for (let k = 0; k < n; k++) spans.push({ tag: entries[k].tag, start: scanned[k][0], end: scanned[k][1] })
      repairs.push(explainRescan(seg, entries, scanned))
    } else if (valid > 0) {
      for (const e of entries) {
        if (e.ok) spans.push({ tag: e.tag, start: dataStart + e.off, end: dataStart + e.off + e.len - 1 })
        else repairs.push(`field ${e.tag} dropped: its directory entry (length ${e.len < 0 ? '?' : e.len}, offset ${e.off < 0 ? '?' : e.off}) does not end at a field terminator`)
      }
    } else {
      return { record: null, error: `directory (${n} entries) matches neither the field terminators (${scanned.length} fields) nor the data`, repairs }
    }
  }
  if (spans.length === 0) return { record: null, error: 'record has no fields', repairs }
  // Encoding of the data area.
  const leader09 = String.fromCharCode(seg[p + 9])
  let encoding: TextEncoding
  if (opts.encoding === 'auto') {
    const d = detectEncoding(seg, dataStart, dataEnd, leader09, opts.prefer)
    encoding = d.encoding
    if (d.note !== undefined) repairs.push(d.note)
  } else encoding = opts.encoding
  if (encoding !== 'utf8') repairs.push(`converted from ${NAMES[encoding]}`)

  let problems = 0
  let badInd = false
  let lead = false
  let emptySub = false
  const norm = new Nfc()
  const fields: MarcField[] = []
  for (const sp of spans) {
    if (sp.tag.startsWith('00')) {
      const d = decodeBytes(encoding, seg, sp.start, sp.end)
      problems += d.problems
      fields.push({ tag: sp.tag, value: norm.of(d.text) })
      continue
    }
    let ind1 = ' '
    let ind2 = ' '
    if (sp.end - sp.start >= 2) {
      ind1 = indicator(seg[sp.start])
      ind2 = indicator(seg[sp.start + 1])
      if (ind1 !== String.fromCharCode(seg[sp.start]) || ind2 !== String.fromCharCode(seg[sp.start + 1])) badInd = true
    } else badInd = true
    const d = decodeBytes(encoding, seg, Math.min(sp.start + 2, sp.end), sp.end)
    problems += d.problems
    const parts = d.text.split(SF)
    if (parts[0].length > 0) lead = true
    const subfields: Subfield[] = []
    for (let k = 1; k < parts.length; k++) {
      const x = parts[k]
      if (x.length === 0) { emptySub = true; continue }
      const cp = x.codePointAt(0) as number
      const w = cp > 0xffff ? 2 : 1
      subfields.push({ code: norm.of(x.slice(0, w)), value: norm.of(x.slice(w)) })
    }
    const df: DataField = { tag: sp.tag, ind1, ind2, subfields }
    fields.push(df)
  }
  if (badInd) repairs.push('indicator(s) missing or not printable ASCII: read as blanks')
  if (lead) repairs.push('data before the first subfield delimiter dropped')
  if (emptySub) repairs.push('empty subfield(s) dropped')
  if (problems > 0) repairs.push(`${problems} undecodable character(s) replaced by U+FFFD`)
  if (norm.changed) repairs.push('normalised to NFC')
  const leader = fixLeader(ascii(seg, p, p + 24), repairs)
  return { record: { leader, fields }, repairs, encoding }
}

function indicator (b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ' '
}

const NAMES: Record<TextEncoding, string> = { utf8: 'UTF-8', marc8: 'MARC-8', tcvn3: 'TCVN3', vni: 'VNI', cp1258: 'CP1258', latin1: 'Latin-1' }

function explainRescan (seg: Buffer, entries: Array<{ tag: string, len: number, ok: boolean }>, scanned: Array<[number, number]>): string {
  const bad = entries.map((e, k) => ({ e, k })).filter(x => !x.e.ok)
  const overlong = bad.filter(x => scanned[x.k][1] + 1 - scanned[x.k][0] > 9999 && (scanned[x.k][1] + 1 - scanned[x.k][0]) % 10000 === x.e.len)
  if (overlong.length > 0 && overlong.length === bad.filter(x => x.e.len >= 0).length) {
    return `field ${overlong.map(x => x.e.tag).join(', ')} over the 9,999 bytes ISO 2709 allows (length written modulo 10,000); fields re-read by terminators`
  }
  const chars = bad.filter(x => x.e.len >= 0 && seg.toString('utf8', scanned[x.k][0], scanned[x.k][1] + 1).length === x.e.len)
  if (bad.length > 0 && chars.length > 0 && chars.length >= bad.length / 2) {
    return 'directory lengths counted in characters; fields re-read by terminators'
  }
  return `${bad.length} of ${entries.length} directory entries do not end at a field terminator; fields re-read by terminators`
}

export { RT }
