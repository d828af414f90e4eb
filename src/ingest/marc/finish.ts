/**
 * What every MARC reader does last: NFC everywhere (MISSION.md: normalise at ingest), a 24-character
 * leader, leader/09 'a' because the text is now Unicode. Each change is reported.
 */
import type { DataField, MarcField, MarcRecord, Subfield } from '../../model/marc.js'
import { nfc } from '../../text/fold.js'

export const LEADER_LENGTH = 24
const DEFAULT_LEADER = '00000nam a2200000   4500'

/** Accumulates "was anything not NFC" while normalising (src/text/fold.ts nfc). */
export class Nfc {
  changed = false
  of (s: string): string {
    const n = nfc(s)
    if (n !== s) this.changed = true
    return n
  }
}

/** Repairs a leader to 24 printable ASCII characters with leader/09 = 'a'. */
export function fixLeader (raw: string | undefined, repairs: string[]): string {
  if (raw === undefined) {
    repairs.push('leader missing: a default leader was used')
    return DEFAULT_LEADER
  }
  let l = raw
  if (l.length !== LEADER_LENGTH) {
    repairs.push(`leader was ${l.length} characters, not 24: ${l.length < LEADER_LENGTH ? 'padded with blanks' : 'cut'}`)
    l = l.length < LEADER_LENGTH ? l.padEnd(LEADER_LENGTH, ' ') : l.slice(0, LEADER_LENGTH)
  }
  // eslint-disable-next-line no-control-regex
  if (/[^\x20-\x7e]/.test(l)) {
    repairs.push('leader held characters outside printable ASCII: replaced by blanks')
    // eslint-disable-next-line no-control-regex
    l = l.replace(/[^\x20-\x7e]/g, ' ')
  }
  return l[9] === 'a' ? l : l.slice(0, 9) + 'a' + l.slice(10)
}

/** A record from a reader whose strings may not be NFC: normalises and reports. */
export function finishRecord (leader: string | undefined, fields: readonly MarcField[], repairs: string[]): MarcRecord {
  const nfc = new Nfc()
  const out: MarcField[] = fields.map(f => {
    if ('value' in f) return { tag: nfc.of(f.tag), value: nfc.of(f.value) }
    const d = f as DataField
    return { tag: nfc.of(d.tag), ind1: nfc.of(d.ind1), ind2: nfc.of(d.ind2), subfields: d.subfields.map((s: Subfield) => ({ code: nfc.of(s.code), value: nfc.of(s.value) })) }
  })
  if (nfc.changed) repairs.push('normalised to NFC')
  return { leader: fixLeader(leader, repairs), fields: out }
}
