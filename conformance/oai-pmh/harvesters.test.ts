// Full and incremental harvests with independent harvesters from Debian: Perl HTTP::OAI
// (libhttp-oai-perl, harvest.pl) and Catmandu (libcatmandu-oai-perl). They must return exactly the
// stored records, identifiers and deletions; after updates and deletions an incremental harvest
// from the previous responseDate returns exactly the changed records.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { createReadStream, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readIso2709, writeIso2709 } from '../../src/ingest/marc/index.js'
import type { MarcRecord } from '../../src/model/marc.js'
import { importFiles } from '../../src/ingest/import.js'
import { parseIsil } from '../../src/model/isil.js'
import { openSqliteRecordStore } from '../../src/store/sqlite/record-store.js'
import { oai } from './lib/client.js'
import { MARC_FILE, startOaiGateway, storeHeaders, type StoredHeader } from './lib/gateway.js'
import { descendants } from '../../test/helpers/xml-tree.js'

const g = await startOaiGateway(5)
t.teardown(() => g.gw.stop())

interface Row { identifier: string, datestamp: string, deleted: boolean, sets: string[] }

function perl (prefix: string, from?: string): Row[] {
  const r = spawnSync('perl', [join(import.meta.dirname, 'harvest.pl'), g.base, prefix, ...(from !== undefined ? [from] : [])], { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.status !== 0) throw new Error(`harvest.pl: ${r.stderr}`)
  return r.stdout.split('\n').filter(l => l !== '').map(l => {
    const [identifier, datestamp, status, sets] = l.split('\t')
    return { identifier, datestamp, deleted: status === 'deleted', sets: sets === '' ? [] : sets.split(' ') }
  })
}

function catmandu (prefix: string, from?: string): Row[] {
  const r = spawnSync('catmandu', ['convert', 'OAI', '--url', g.base, '--metadataPrefix', prefix, '--handler', 'raw', ...(from !== undefined ? ['--from', from] : []), 'to', 'JSON', '--line_delimited', '1'], { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.status !== 0) throw new Error(`catmandu: ${r.stderr}`)
  return r.stdout.split('\n').filter(l => l !== '').map(l => {
    const j = JSON.parse(l) as { _identifier: string, _datestamp: string, _status: string, _setSpec?: string[] }
    return { identifier: j._identifier, datestamp: j._datestamp, deleted: j._status === 'deleted', sets: j._setSpec ?? [] }
  })
}

const norm = (rows: Array<Row | StoredHeader>): string[] => rows.map(r => `${r.identifier} ${r.datestamp} ${r.deleted ? 'deleted' : 'live'} ${[...r.sets].sort().join(',')}`).sort()

let responseDate = ''
t.test('full harvests equal the store', async t => {
  responseDate = descendants((await oai(g.base, 'verb=Identify')).root!, 'responseDate')[0].text
  const all = await storeHeaders(g.gw.db)
  const marcOnly = await storeHeaders(g.gw.db, { format: 'marc21' })
  t.ok(all.length > 10 && all.some(r => r.deleted), `corpus: ${all.length} records, ${all.filter(r => r.deleted).length} deleted`)
  const p = perl('oai_dc')
  t.equal(new Set(p.map(r => r.identifier)).size, p.length, 'HTTP::OAI: every identifier once')
  t.same(norm(p), norm(all), 'HTTP::OAI oai_dc = store')
  t.same(norm(perl('marc21')), norm(marcOnly), 'HTTP::OAI marc21 = the MARC records (and deletions)')
  const c = catmandu('oai_dc')
  t.same(norm(c), norm(all), 'Catmandu oai_dc = store')
})

t.test('an incremental harvest after updates and deletions returns exactly the changed records', async t => {
  const recs: MarcRecord[] = []
  for await (const r of readIso2709(createReadStream(MARC_FILE))) if (r.record !== null) recs.push(r.record)
  const changed = recs.slice(0, 3).map(r => ({ ...r, fields: r.fields.map(f => 'subfields' in f && f.tag === '245' ? { ...f, subfields: [{ code: 'a', value: `${f.subfields[0].value} (sửa đổi)` }, ...f.subfields.slice(1)] } : f) }))
  const deleted = recs.slice(3, 5).map(r => ({ ...r, leader: r.leader.slice(0, 5) + 'd' + r.leader.slice(6) }))
  const file = join(g.gw.dir, 'changes.mrc')
  writeFileSync(file, Buffer.concat([...changed, ...deleted].map(r => writeIso2709(r))))
  const before = Date.now()
  // the serving gateway keeps running: this process writes to its database, as a CLI import would
  const store = openSqliteRecordStore(g.gw.db)
  const summary = await importFiles(store, { library: parseIsil('VN-HN'), files: [file] })
  await store.close()
  t.match(summary.counts, { updated: 3, deleted: 2 })
  await new Promise(r => setTimeout(r, 1100))
  const expected = await storeHeaders(g.gw.db, { fromStamp: Math.floor(before / 1000) * 1_000_000 })
  t.equal(expected.length, 5, 'the store changed 5 records')
  t.equal(expected.filter(r => r.deleted).length, 2)
  const p = perl('oai_dc', responseDate)
  t.same(norm(p), norm(expected), 'HTTP::OAI incremental = exactly the changed records')
  t.same(norm(catmandu('oai_dc', responseDate)), norm(expected), 'Catmandu incremental = exactly the changed records')
})
