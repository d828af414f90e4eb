// The provider on a real SQLite store filled by the import pipeline with the shared corpus: a full
// harvest with small pages returns exactly the stored records and deletions (in every format's
// list), and an incremental harvest after updates and deletions returns exactly the changed ones.
import t from 'tap'
import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import { join, resolve } from 'node:path'
import { importFiles } from '../../src/ingest/import.js'
import { loadSettings } from '../../src/config/settings.js'
import { createLogger } from '../../src/log.js'
import { parseIsil } from '../../src/model/isil.js'
import oaiPmh from '../../protocols/oai-pmh/plugin.js'
import { oaiIdentifier } from '../../protocols/oai-pmh/identifiers.js'
import { formatStamp } from '../../protocols/oai-pmh/datestamps.js'
import { child, children, descendants, parseXmlTree as parseXml, textOf } from '../helpers/xml-tree.js'
import { synthMarc } from './oai-synth.js'
import { tempStore } from '../unit/store/make.js'
import { recordSets } from '../../mappings/record-sets.js'

const SHARED = resolve(import.meta.dirname, '../../../shared/data')
const REPO = 'lib.example.vn'

t.test('full and incremental harvests of the imported corpus equal the store', async t => {
  const { store, file: db } = tempStore(t)
  await importFiles(store, { library: parseIsil('VN-HN'), files: [join(SHARED, 'marc/vietnamese/vn-utf8-nfc.mrc')] })
  await importFiles(store, { library: parseIsil('VN-DSPACE'), files: [join(SHARED, 'dc/vn-oai_dc-listrecords.xml')] })
  const settings = loadSettings({ '--db': db, '--oai-page-size': '4', '--repository-id': REPO, '--base-url': 'http://lib.example.vn' }, {})
  const app = Fastify()
  await app.register(formbody)
  await app.register(oaiPmh, { services: { store, settings, log: createLogger('silent'), secret: 'k' } })
  t.teardown(() => app.close())

  const harvest = async (args: string, verb = 'ListRecords'): Promise<{ rows: string[], responseDate: string, pages: number }> => {
    const rows: string[] = []
    let responseDate = ''
    let pages = 0
    let q = `verb=${verb}&${args}`
    for (;;) {
      const root = parseXml((await app.inject({ method: 'GET', url: `/oai?${q}` })).body)
      responseDate ||= textOf(root, 'responseDate')!
      const err = children(root, 'error')[0]
      if (err !== undefined) { t.equal(err.attrs.code, 'noRecordsMatch'); break }
      pages++
      const v = child(root, verb)!
      for (const h of descendants(v, 'header')) rows.push(`${textOf(h, 'identifier')} ${textOf(h, 'datestamp')} ${h.attrs.status ?? 'live'} ${children(h, 'setSpec').map(s => s.text).sort().join(',')}`)
      if (verb === 'ListRecords') for (const r of children(v, 'record')) if (child(r, 'header')!.attrs.status !== 'deleted') t.ok(child(r, 'metadata'), 'a live record has metadata')
      const tok = child(v, 'resumptionToken')
      if (tok === undefined || tok.text === '') break
      q = `verb=${verb}&resumptionToken=${tok.text}`
    }
    return { rows, responseDate, pages }
  }
  const expected = async (opts: { fromStamp?: number, format?: 'marc21' | 'dc' } = {}): Promise<string[]> => {
    const rs = await store.listChanges({ limit: 100_000, ...opts })
    return rs.map(r => `${oaiIdentifier(REPO, r.id)} ${formatStamp(r.stamp)} ${r.deleted ? 'deleted' : 'live'} ${[...r.sets].sort().join(',')}`)
  }
  await new Promise(r => setTimeout(r, 1100)) // let the import's last second complete (snapshot)

  const all = await expected()
  t.ok(all.length > 30 && all.some(x => x.includes(' deleted ')), `${all.length} records, deletions included`)
  const full = await harvest('metadataPrefix=oai_dc')
  t.ok(full.pages > 5, `${full.pages} pages`)
  t.same(full.rows, all, 'ListRecords oai_dc: exactly the store, in change order')
  t.same((await harvest('metadataPrefix=oai_dc', 'ListIdentifiers')).rows, all, 'ListIdentifiers the same')
  t.same((await harvest('metadataPrefix=marc21')).rows, await expected({ format: 'marc21' }), 'marc21: the MARC records and every deletion')
  t.same((await harvest('metadataPrefix=mods')).rows, all, 'mods: every record')
  t.same((await harvest('metadataPrefix=oai_dc&set=library:VN-DSPACE')).rows, all.filter(x => x.includes(':VN-DSPACE:')), 'a library set')

  // updates (one changed, one moved to another type set), deletions, one new record
  const isil = parseIsil('VN-HN')
  const ids = (await store.listChanges({ limit: 100, format: 'marc21' })).filter(r => !r.deleted && r.id.isil === isil).map(r => r.id)
  const before = Date.now()
  const m1 = synthMarc(ids[0].localId, 'Tiêu đề mới')
  const m2 = { ...synthMarc(ids[1].localId, 'Bản đồ'), leader: '00000nem a2200000 a 4500' }
  const m3 = synthMarc('new-1', 'Sách mới')
  await store.upsertBatch([
    { id: ids[0], format: 'marc21', marc: m1, dc: null, deleted: false, sets: recordSets(isil, { marc: m1, dc: null }) },
    { id: ids[1], format: 'marc21', marc: m2, dc: null, deleted: false, sets: recordSets(isil, { marc: m2, dc: null }) },
    { id: ids[2], format: 'marc21', marc: null, dc: null, deleted: true, sets: [] },
    { id: ids[3], format: 'marc21', marc: null, dc: null, deleted: true, sets: [] },
    { id: { isil, localId: 'new-1' }, format: 'marc21', marc: m3, dc: null, deleted: false, sets: recordSets(isil, { marc: m3, dc: null }) },
  ])
  await new Promise(r => setTimeout(r, 1100))
  const changed = await expected({ fromStamp: Math.floor(before / 1000) * 1_000_000 })
  t.equal(changed.length, 5)
  const inc = await harvest(`metadataPrefix=oai_dc&from=${full.responseDate}`)
  t.same(inc.rows, changed, 'the incremental harvest is exactly the changed records')
  t.ok(inc.rows.some(x => x.includes(`:${ids[1].localId} `) && x.includes('type:map')), 'a set move is a change')
  t.ok(inc.rows.filter(x => x.includes(' deleted ')).length === 2, 'deletions come as deleted headers with their last sets')
  t.ok(inc.rows.filter(x => x.includes(' deleted ')).every(x => x.includes('library:VN-HN')))
})
