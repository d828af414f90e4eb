// Shared by the MARC tests (not a test file itself).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { MarcRecord } from '../../../src/model/marc.js'
import type { MarcReadResult, ReadOptions } from '../../../src/ingest/marc/index.js'

export const SHARED = resolve(import.meta.dirname, '../../../../shared/data')
export const MARC = `${SHARED}/marc`
export const VN = `${MARC}/vietnamese`

export type Reader = (input: AsyncIterable<Uint8Array>, opts?: ReadOptions) => AsyncGenerator<MarcReadResult>

/** The bytes of `buf` as an async iterable of `size`-byte chunks (fresh copies, as a stream gives). */
export async function * chunked (buf: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield Uint8Array.prototype.slice.call(buf, i, i + size)
}

export async function readAll (reader: Reader, file: string, size = 65536, opts?: ReadOptions): Promise<MarcReadResult[]> {
  const out: MarcReadResult[] = []
  for await (const r of reader(chunked(readFileSync(file), size), opts)) out.push(r)
  return out
}

export function records (results: MarcReadResult[]): MarcRecord[] {
  return results.filter(r => r.record !== null).map(r => r.record as MarcRecord)
}

/** A record without the leader's length and base address (they depend on the encoding). */
export function canonical (r: MarcRecord, text: (s: string) => string = s => s): unknown {
  return {
    leader: r.leader.slice(5, 12) + r.leader.slice(17),
    fields: r.fields.map(f => 'value' in f
      ? [f.tag, text(f.value)]
      : [f.tag, f.ind1 + f.ind2, f.subfields.map(s => [s.code, text(s.value)])])
  }
}

export function id (r: MarcRecord): string | undefined {
  const f = r.fields.find(x => x.tag === '001')
  return f !== undefined && 'value' in f ? f.value : undefined
}

export function title (r: MarcRecord): string | undefined {
  const f = r.fields.find(x => x.tag === '245')
  return f !== undefined && 'subfields' in f ? f.subfields.find(s => s.code === 'a')?.value : undefined
}

export const expected = JSON.parse(readFileSync(`${VN}/vn-expected.json`, 'utf8')) as { records: number, ids: string[], titles_245a_nfc: string[], legacy_ids: string[] }
