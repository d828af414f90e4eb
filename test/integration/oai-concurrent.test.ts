// Harvest with small pages while another process imports, updates and deletes; then an incremental
// harvest from the list's responseDate. Full + incremental must equal the store: no change lost, no
// identifier served twice within one list (issue 3, research/oai-pmh.md R-53).
import t from 'tap'
import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { once } from 'node:events'
import { loadSettings } from '../../src/config/settings.js'
import { createLogger } from '../../src/log.js'
import type { Isil } from '../../src/model/isil.js'
import oaiPmh from '../../protocols/oai-pmh/plugin.js'
import { recordSets } from '../../mappings/record-sets.js'
import { oaiIdentifier } from '../../protocols/oai-pmh/identifiers.js'
import { formatStamp } from '../../protocols/oai-pmh/datestamps.js'
import { child, children, descendants, parseXmlTree as parseXml, textOf } from '../helpers/xml-tree.js'
import { synthMarc } from './oai-synth.js'
import { tempStore } from '../unit/store/make.js'

const ISIL = 'VN-HN' as Isil

t.test('full + incremental harvests equal the store while another process writes', async t => {
  const { store, file: db } = tempStore(t)
  for (let b = 0; b < 3; b++) {
    await store.upsertBatch(Array.from({ length: 100 }, (_, i) => {
      const marc = synthMarc(`r${b * 100 + i}`, `Sách ${b * 100 + i}`)
      return { id: { isil: ISIL, localId: `r${b * 100 + i}` }, format: 'marc21' as const, marc, dc: null, deleted: false, sets: recordSets(ISIL, { marc, dc: null }) }
    }))
  }
  const settings = loadSettings({ '--db': db, '--oai-page-size': '7', '--repository-id': 'lib.example.vn', '--base-url': 'http://lib.example.vn' }, {})
  const app = Fastify()
  await app.register(formbody)
  await app.register(oaiPmh, { services: { store, settings, log: createLogger('silent'), secret: 'k' } })
  t.teardown(() => app.close())

  const list = async (args: string): Promise<{ ids: string[], byId: Map<string, { datestamp: string, deleted: boolean }>, responseDates: Set<string> }> => {
    const ids: string[] = []
    const byId = new Map<string, { datestamp: string, deleted: boolean }>()
    const responseDates = new Set<string>()
    let q = `verb=ListRecords&metadataPrefix=oai_dc&${args}`
    for (;;) {
      const res = await app.inject({ method: 'GET', url: `/oai?${q}` })
      const root = parseXml(res.body)
      responseDates.add(textOf(root, 'responseDate')!)
      const err = children(root, 'error')[0]
      // a resumed page whose every remaining record changed since the list began (they moved past its
      // snapshot) ends the list with noRecordsMatch; the incremental harvest brings them
      if (err !== undefined) { t.equal(err.attrs.code, 'noRecordsMatch', 'a list ends only with noRecordsMatch'); break }
      const v = child(root, 'ListRecords')!
      for (const h of descendants(v, 'header')) {
        const id = textOf(h, 'identifier')!
        ids.push(id)
        byId.set(id, { datestamp: textOf(h, 'datestamp')!, deleted: h.attrs.status === 'deleted' })
      }
      const tok = child(v, 'resumptionToken')
      if (tok === undefined || tok.text === '') break
      q = `verb=ListRecords&resumptionToken=${tok.text}`
      await new Promise(r => setTimeout(r, 10)) // let the writer interleave
    }
    return { ids, byId, responseDates }
  }

  const writer = spawn(process.execPath, [...process.execArgv, join(import.meta.dirname, 'oai-writer-child.ts'), db, '60'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const full = await list('')
  const code = (await once(writer, 'exit'))[0]
  t.equal(code, 0, 'the writer finished')
  t.equal(new Set(full.ids).size, full.ids.length, 'no identifier twice within one list')
  t.equal(full.responseDates.size, 1, 'every page of the list reports the same responseDate')
  const from = [...full.responseDates][0]

  // wait until the second of the last write is complete, so the snapshot covers every write
  await new Promise(r => setTimeout(r, 1100))
  const inc = await list(`from=${from}`)
  t.ok(inc.ids.length > 0, 'the writer changed records after the full list began')
  t.equal(new Set(inc.ids).size, inc.ids.length, 'no identifier twice within the incremental list')

  const merged = new Map(full.byId)
  for (const [id, v] of inc.byId) merged.set(id, v)
  const expected = new Map<string, { datestamp: string, deleted: boolean }>()
  for (let after: number | undefined; ;) {
    const page = await store.listChanges({ limit: 500, ...(after !== undefined ? { after: { stamp: after } } : {}) })
    if (page.length === 0) break
    for (const r of page) expected.set(oaiIdentifier('lib.example.vn', r.id), { datestamp: formatStamp(r.stamp), deleted: r.deleted })
    after = page[page.length - 1].stamp
  }
  t.ok(expected.size > 300, `the writer added records (${expected.size})`)
  t.ok([...expected.values()].some(v => v.deleted), 'and deleted some')
  t.same(new Map([...merged].sort()), new Map([...expected].sort()), 'full + incremental = the store, datestamps and deletions included')
})
