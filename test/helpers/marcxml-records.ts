// MARCXML → MarcRecord for the crosswalk tests, through the project's own reader (src/ingest/marc):
// the records the crosswalks see in tests are the ones ingest stores. Rejected records fail loudly.
import type { MarcRecord } from '../../src/model/marc.js'
import { readMarcXml } from '../../src/ingest/marc/index.js'

export async function readMarcXmlRecords (xml: string): Promise<MarcRecord[]> {
  async function * once (): AsyncGenerator<Uint8Array> { yield Buffer.from(xml, 'utf8') }
  const out: MarcRecord[] = []
  for await (const r of readMarcXml(once())) {
    if (r.record === null) throw new Error(`MARCXML record ${r.position} rejected: ${r.error ?? ''}`)
    out.push(r.record)
  }
  return out
}
