// R-56 through OAI-PMH on a real SQLite store fed by the import pipeline: a record suppressed in the
// library system (Koha 942 $n = 1) comes to an incremental harvest from the last responseDate as a
// deleted header with its sets, and again as a live record once unsuppressed; an embargoed record
// (506 $g) is a deleted header until its release, then live in the next incremental harvest.
import t from 'tap'
import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { nowUs } from '../../src/store/sqlite/record-store.js'
import { importFiles } from '../../src/ingest/import.js'
import { writeIso2709 } from '../../src/ingest/marc/index.js'
import { loadSettings } from '../../src/config/settings.js'
import { createLogger } from '../../src/log.js'
import { parseIsil } from '../../src/model/isil.js'
import type { MarcField, MarcRecord } from '../../src/model/marc.js'
import { recordSets } from '../../mappings/record-sets.js'
import oaiPmh from '../../protocols/oai-pmh/plugin.js'
import { child, children, descendants, parseXmlTree as parseXml, textOf } from '../helpers/xml-tree.js'
import { synthMarc } from './oai-synth.js'
import { tempStore } from '../unit/store/make.js'

const REPO = 'lib.example.vn'
const ISIL = parseIsil('VN-HN')
const settle = (): Promise<void> => new Promise(resolve => setTimeout(resolve, 1100)) // lists show completed seconds only

const withFields = (r: MarcRecord, ...extra: MarcField[]): MarcRecord => ({ ...r, fields: [...r.fields, ...extra] })
const koha942 = (n: string): MarcField => ({ tag: '942', ind1: ' ', ind2: ' ', subfields: [{ code: 'c', value: 'BK' }, { code: 'n', value: n }] })
const f506 = (g: string): MarcField => ({ tag: '506', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: 'Hạn chế' }, { code: 'g', value: g }] })

t.test('incremental harvests see a suppression as a deletion, then the record live again', async t => {
  const { store, file: db } = tempStore(t)
  const dir = dirname(db)
  const settings = loadSettings({ '--db': db, '--oai-page-size': '3', '--repository-id': REPO, '--base-url': 'http://lib.example.vn' }, {})
  const app = Fastify()
  await app.register(formbody)
  await app.register(oaiPmh, { services: { store, settings, log: createLogger('silent'), secret: 'k' } })
  t.teardown(() => app.close())

  const harvest = async (args: string): Promise<{ rows: string[], responseDate: string }> => {
    const rows: string[] = []
    let responseDate = ''
    let q = `verb=ListRecords&metadataPrefix=oai_dc&${args}`
    for (;;) {
      const root = parseXml((await app.inject({ method: 'GET', url: `/oai?${q}` })).body)
      responseDate ||= textOf(root, 'responseDate')!
      if (children(root, 'error')[0] !== undefined) break
      const v = child(root, 'ListRecords')!
      for (const r of children(v, 'record')) {
        const h = child(r, 'header')!
        const status = h.attrs.status ?? 'live'
        t.equal(child(r, 'metadata') !== undefined, status === 'live', `${textOf(h, 'identifier')}: metadata only when live`)
        rows.push(`${textOf(h, 'identifier')!.split(':').pop()!} ${status} ${descendants(h, 'setSpec').map(s => s.text).join(',')}`)
      }
      const tok = child(v, 'resumptionToken')
      if (tok === undefined || tok.text === '') break
      q = `verb=ListRecords&resumptionToken=${tok.text}`
    }
    return { rows, responseDate }
  }
  const importOne = async (name: string, ...records: MarcRecord[]): Promise<Awaited<ReturnType<typeof importFiles>>> => {
    const file = join(dir, name)
    writeFileSync(file, Buffer.concat(records.map(r => writeIso2709(r))))
    return importFiles(store, { library: ISIL, files: [file] })
  }

  const a = synthMarc('A', 'Truyện Kiều')
  const b = synthMarc('B', 'Lục Vân Tiên')
  const c = withFields(synthMarc('C', 'Chinh phụ ngâm'), f506('2099-01-01'))
  const first = await importOne('v1.mrc', a, b, c, withFields(synthMarc('D', 'Hịch tướng sĩ'), f506('2001-13-01')))
  t.same(first.counts, { added: 3, updated: 0, unchanged: 0, deleted: 1, rejected: 0 }, 'the embargoed record counts as deleted')
  t.same(first.repairs.map(r => [r.id, r.repairs]), [
    ['C', ['embargoed until 2099-01-01 (506 $g): served as a deleted record until then']],
    ['D', ["506 $g '2001-13-01' is not a date (YYYYMMDD or YYYY-MM-DD): ignored"]],
  ], 'a note per withheld record and per ignored date')
  await settle()
  const full = await harvest('')
  t.same(full.rows, ['A live library:VN-HN,type:book', 'B live library:VN-HN,type:book', 'C deleted library:VN-HN,type:book', 'D live library:VN-HN,type:book'])

  const suppress = await importOne('v2.mrc', withFields(a, koha942('1')), b, c)
  t.same(suppress.counts, { added: 0, updated: 0, unchanged: 2, deleted: 1, rejected: 0 })
  t.same(suppress.repairs.map(r => r.id), ['A', 'C'])
  t.match(suppress.repairs[0].repairs, ['suppressed (942 $n = 1): served as a deleted record'])
  t.equal((await importOne('v2-again.mrc', withFields(a, koha942('1')))).counts.unchanged, 1, 'suppressed again: unchanged')
  await settle()
  const second = await harvest(`from=${full.responseDate}`)
  t.same(second.rows, ['A deleted library:VN-HN,type:book'], 'the suppression is a deleted header with its sets')
  t.same((await harvest(`from=${full.responseDate}&set=type:book`)).rows, second.rows, 'in a set harvest too')

  const back = await importOne('v3.mrc', withFields(a, koha942('0')))
  t.same(back.counts, { added: 0, updated: 1, unchanged: 0, deleted: 0, rejected: 0 }, 'unsuppressed')
  // an embargo that ends within the test (506 $g has a day's granularity, so the store is given its end)
  const until = nowUs() + 1_500_000
  const e = synthMarc('E', 'Bình Ngô đại cáo')
  await store.upsertBatch([{ id: { isil: ISIL, localId: 'E' }, format: 'marc21', marc: e, dc: null, deleted: false, sets: recordSets(ISIL, { marc: e, dc: null }), withheldUntil: until }])
  await settle()
  const third = await harvest(`from=${second.responseDate}`)
  t.same(third.rows, ['A live library:VN-HN,type:book', 'E deleted library:VN-HN,type:book'], 'A live again with a new datestamp; E withheld')

  await new Promise(resolve => setTimeout(resolve, Math.max(0, (until - nowUs()) / 1000) + 10))
  t.equal(await store.releaseWithheld(nowUs()), 1)
  await settle()
  const fourth = await harvest(`from=${third.responseDate}`)
  t.same(fourth.rows, ['E live library:VN-HN,type:book'], 'the released record comes live')
  const sru = (await store.search({ kind: 'term', index: 'title', match: 'all', term: 'binh ngo', masking: false, accentSensitive: false }, { offset: 0, limit: 1 })).total
  t.equal(sru, 1, 'and searchable')
})
