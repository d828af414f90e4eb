// A started libgate for the OAI-PMH conformance suites: the shared corpus imported, small pages, and
// a fixed free port so the configured baseURL is exactly the URL harvesters use (validator: baseURL
// must match character for character).
import { join } from 'node:path'
import { SHARED, startGateway, type Gateway } from '../../helpers/gateway.js'
import { freePort } from '../../../test/helpers/free-port.js'
import { openSqliteRecordStore } from '../../../src/store/sqlite/record-store.js'
import { oaiIdentifier } from '../../../protocols/oai-pmh/identifiers.js'
import { formatStamp } from '../../../protocols/oai-pmh/datestamps.js'
import { importFiles } from '../../../src/ingest/import.js'
import { parseIsil } from '../../../src/model/isil.js'

export const REPOSITORY_ID = 'libgate.test.vn'
export const MARC_FILE = join(SHARED, 'data/marc/vietnamese/vn-utf8-nfc.mrc')
export const DC_FILE = join(SHARED, 'data/dc/vn-oai_dc-listrecords.xml')


export interface OaiGateway { readonly gw: Gateway, readonly base: string }

export async function startOaiGateway (pageSize = 7): Promise<OaiGateway> {
  const port = await freePort()
  const gw = await startGateway({
    args: ['--http-port', String(port), '--base-url', `http://127.0.0.1:${port}`, '--oai-page-size', String(pageSize), '--repository-id', REPOSITORY_ID],
  })
  // the shared corpus, imported with the import pipeline into the serving gateway's database
  const store = openSqliteRecordStore(gw.db)
  try {
    for (const [isil, file] of [['VN-HN', MARC_FILE], ['VN-DSPACE', DC_FILE]]) await importFiles(store, { library: parseIsil(isil), files: [file] })
  } finally {
    await store.close()
  }
  // the snapshot second excludes the current second: let the import's last second complete
  await new Promise(r => setTimeout(r, 1100))
  return { gw, base: `http://127.0.0.1:${port}/oai` }
}

export interface StoredHeader { readonly identifier: string, readonly datestamp: string, readonly deleted: boolean, readonly sets: string[] }

/** Every record in the gateway's store (read through the port, WAL lets us read while it serves). */
export async function storeHeaders (db: string, opts: { fromStamp?: number, format?: 'marc21' | 'dc' } = {}): Promise<StoredHeader[]> {
  const store = openSqliteRecordStore(db)
  try {
    const out: StoredHeader[] = []
    for (let after: number | undefined; ;) {
      const page = await store.listChanges({ limit: 1000, ...(after !== undefined ? { after: { stamp: after } } : {}), ...(opts.fromStamp !== undefined ? { fromStamp: opts.fromStamp } : {}), ...(opts.format !== undefined ? { format: opts.format } : {}) })
      if (page.length === 0) break
      for (const r of page) out.push({ identifier: oaiIdentifier(REPOSITORY_ID, r.id), datestamp: formatStamp(r.stamp), deleted: r.deleted, sets: [...r.sets] })
      after = page[page.length - 1].stamp
    }
    return out
  } finally {
    await store.close()
  }
}
