import { hash } from 'node:crypto'
import type { DcElementName, DcRecord } from '../../model/dc.js'
import type { MarcRecord } from '../../model/marc.js'
import { decodeMarcCompact, encodeMarcCompact } from '../../model/marc-compact.js'
import type { SourceFormat } from '../../model/record.js'

/**
 * The stored form of a canonical record. MARC: the model's compact JSON (src/model/marc-compact.ts).
 * DC: `[[name, value], [name, value, lang]...]`. The same string is what the content hash covers, so
 * it must be deterministic.
 */
export function encodeDc (r: DcRecord): string {
  return JSON.stringify(r.elements.map(e => e.lang === undefined ? [e.name, e.value] : [e.name, e.value, e.lang]))
}

export function decodeDc (body: string): DcRecord {
  const a = JSON.parse(body) as string[][]
  return { elements: a.map(e => e.length > 2 ? { name: e[0] as DcElementName, value: e[1], lang: e[2] } : { name: e[0] as DcElementName, value: e[1] }) }
}

export function encodeBody (format: SourceFormat, marc: MarcRecord | null, dc: DcRecord | null): string | null {
  if (format === 'marc21') return marc === null ? null : encodeMarcCompact(marc)
  return dc === null ? null : encodeDc(dc)
}

/** The record a stored body holds (encodeBody's inverse). */
export function decodeBody (format: string, body: string): { readonly marc: MarcRecord | null, readonly dc: DcRecord | null } {
  return format === 'marc21' ? { marc: decodeMarcCompact(body), dc: null } : { marc: null, dc: decodeDc(body) }
}

/** Content hash: format, canonical body and sets (sorted), 128 bits of SHA-256 in hex. */
export function contentHash (format: SourceFormat, body: string | null, sets: readonly string[]): string {
  // One-shot hash of the concatenation: the same digest as hashing the parts in turn, without a Hash
  // object and five native calls per record (measured: a third less time per record).
  const setList = sets.length === 1 ? sets[0] : [...sets].sort().join('\n')
  return hash('sha256', format + '\u0000' + (body ?? '') + '\u0000' + setList, 'hex').slice(0, 32)
}
