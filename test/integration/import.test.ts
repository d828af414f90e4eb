// libgate import end to end: the CLI run from source on temporary databases (CONTRACT.md "Commands").
import t from 'tap'

t.setTimeout(300_000)
import { createReadStream, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runCli, SHARED } from '../helpers/cli.js'
import { readIso2709, writeIso2709 } from '../../src/ingest/marc/index.js'
import type { MarcRecord } from '../../src/model/marc.js'
import { nowUs, openSqliteRecordStore } from '../../src/store/sqlite/record-store.js'
import type { Isil } from '../../src/model/isil.js'

const VN = resolve(SHARED, 'data/marc/vietnamese')
const NFC = resolve(VN, 'vn-utf8-nfc.mrc')

function tempDir (t: { teardown (fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-import-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function stamps (db: string): Promise<Array<[string, number, boolean]>> {
  const store = openSqliteRecordStore(db)
  try {
    return (await store.listChanges({ limit: 100000 })).map(r => [r.id.localId, r.stamp, r.deleted])
  } finally { await store.close() }
}

t.test('import, unchanged re-import, deletion by leader/05', async t => {
  const dir = tempDir(t)
  const db = join(dir, 'lg.db')
  const first = runCli(['import', '--db', db, '--library', 'VN-SYN', NFC])
  t.equal(first.status, 0, first.stderr)
  t.equal(first.stdout, 'added 31, updated 0, unchanged 0, deleted 0, rejected 0\n')
  const before = await stamps(db)
  t.equal(before.length, 31)

  const again = runCli(['import', '--db', db, '--library', 'VN-SYN', NFC])
  t.equal(again.status, 0)
  t.equal(again.stdout, 'added 0, updated 0, unchanged 31, deleted 0, rejected 0\n')
  t.same(await stamps(db), before, 'no datestamp moved')

  // A file with record 000002 marked deleted (leader/05 'd').
  const recs: MarcRecord[] = []
  for await (const r of readIso2709(createReadStream(NFC))) if (r.record !== null) recs.push(r.record)
  const del = { ...recs[1], leader: recs[1].leader.slice(0, 5) + 'd' + recs[1].leader.slice(6) }
  const delFile = join(dir, 'delete.mrc')
  writeFileSync(delFile, writeIso2709(del))
  const d = runCli(['import', '--db', db, '--library', 'VN-SYN', delFile])
  t.equal(d.status, 0, d.stderr)
  t.equal(d.stdout, 'added 0, updated 0, unchanged 0, deleted 1, rejected 0\n')
  const store = openSqliteRecordStore(db)
  const tomb = await store.get({ isil: 'VN-SYN' as Isil, localId: 'VN-SYN-000002' })
  await store.close()
  t.equal(tomb?.deleted, true)
  t.same(tomb?.sets, ['library:VN-SYN', 'type:book'], 'the tombstone keeps its sets')
  const after = await stamps(db)
  t.same(after.filter(r => r[0] !== 'VN-SYN-000002'), before.filter(r => r[0] !== 'VN-SYN-000002'), 'other records untouched')
  t.equal(runCli(['import', '--db', db, '--library', 'VN-SYN', delFile]).stdout, 'added 0, updated 0, unchanged 1, deleted 0, rejected 0\n', 'deleting again changes nothing')
})

t.test('a suppression (942 $n) counts as deleted with a note; an ended embargo is released at the start', async t => {
  const dir = tempDir(t)
  const db = join(dir, 'lg.db')
  const recs: MarcRecord[] = []
  for await (const r of readIso2709(createReadStream(NFC))) if (r.record !== null) recs.push(r.record)
  // an embargo that ends a moment from now, written as an earlier import would have (506 $g is a day)
  const store = openSqliteRecordStore(db)
  await store.upsertBatch([{ id: { isil: 'VN-SYN' as Isil, localId: 'E1' }, format: 'marc21', marc: recs[5], dc: null, deleted: false, sets: ['library:VN-SYN'], withheldUntil: nowUs() + 100_000 }])
  await store.close()
  await new Promise(resolve => setTimeout(resolve, 150))
  const file = join(dir, 'suppressed.mrc')
  writeFileSync(file, Buffer.concat([recs[0], { ...recs[1], fields: [...recs[1].fields, { tag: '942', ind1: ' ', ind2: ' ', subfields: [{ code: 'n', value: '1' }] }] }].map(r => writeIso2709(r))))
  const r = runCli(['import', '--db', db, '--library', 'VN-SYN', file])
  t.equal(r.status, 0, r.stderr)
  t.equal(r.stdout, 'added 1, updated 0, unchanged 0, deleted 1, rejected 0\n', 'the summary line as ever')
  t.match(r.stderr, /^libgate: released 1 record whose embargo \(506 \$g\) has ended$/m)
  t.match(r.stderr, /^libgate: repaired or noted 1 record:\nlibgate: {3}\S*suppressed\.mrc: record 2 \(VN-SYN-000002\): suppressed \(942 \$n = 1\): served as a deleted record$/m)
  const after = openSqliteRecordStore(db)
  t.teardown(() => after.close())
  t.equal((await after.get({ isil: 'VN-SYN' as Isil, localId: 'VN-SYN-000002' }))?.deleted, true)
  t.equal((await after.get({ isil: 'VN-SYN' as Isil, localId: 'E1' }))?.deleted, false, 'released')
})

t.test('--json prints the summary as JSON; Dublin Core is kept as DC with OAI deletions', async t => {
  const dir = tempDir(t)
  const db = join(dir, 'lg.db')
  const r = runCli(['import', '--db', db, '--library', 'VN-DC', '--json', resolve(SHARED, 'data/dc/vn-oai_dc-listrecords.xml')])
  t.equal(r.status, 0, r.stderr)
  const s = JSON.parse(r.stdout) as { counts: Record<string, number>, repairs: Array<{ id: string }> }
  t.same(s.counts, { added: 4, updated: 0, unchanged: 0, deleted: 1, rejected: 0 })
  t.same(s.repairs.map(x => x.id), ['123456789/103'], 'the NFD record is reported as normalised')
  const store = openSqliteRecordStore(db)
  t.teardown(() => store.close())
  const rec = await store.get({ isil: 'VN-DC' as Isil, localId: '123456789/101' })
  t.equal(rec?.format, 'dc')
  t.equal(rec?.dc?.elements.find(e => e.name === 'title')?.value, 'Nghiên cứu ứng dụng chuẩn Dublin Core trong mô tả tài liệu số tại thư viện đại học')
  t.equal((await store.get({ isil: 'VN-DC' as Isil, localId: '123456789/99' }))?.deleted, true)
  const nfd = await store.get({ isil: 'VN-DC' as Isil, localId: '123456789/103' })
  t.ok(nfd?.dc?.elements.every(e => e.value === e.value.normalize('NFC')))
  t.equal((await store.search({ kind: 'term', index: 'issn', match: 'all', term: '1859-0004', masking: false, accentSensitive: false }, { offset: 0, limit: 5 })).total, 1, 'dc:identifier ISSN is indexed')
})

t.test('every broken file: exit 0, good records kept, each bad one reported with its position', async t => {
  const dir = tempDir(t)
  const db = join(dir, 'lg.db')
  const files = [
    ...readdirSync(resolve(VN, 'broken')).map(f => resolve(VN, 'broken', f)),
    ...['marc4j', 'pymarc', 'yaz'].flatMap(d => readdirSync(resolve(SHARED, 'data/marc/third_party', d)).map(f => resolve(SHARED, 'data/marc/third_party', d, f))),
  ]
  // One run over every file (each CLI start costs a TypeScript load): rejects name their file.
  const r = runCli(['import', '--db', db, '--library', 'VN-BRK', ...files])
  t.equal(r.status, 0, 'exit 0')
  t.match(r.stdout, /^added \d+, updated \d+, unchanged \d+, deleted \d+, rejected \d+\n$/, 'summary line')
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace')
  const rejected = Number(/rejected (\d+)/.exec(r.stdout)?.[1])
  t.ok(rejected > 0)
  t.equal((r.stderr.match(/^libgate: rejected: .+: record \d+ \(offset \d+\): .+$/mg) ?? []).length, rejected, 'one line per rejected record')
  t.match(r.stderr, /vn-truncated\.mrc: record 3 \(offset 1832\): truncated/)
  t.match(r.stderr, /vn-marcxml-malformed\.xml: record 1 \(offset \d+\): XML/)
  const added = Number(/added (\d+)/.exec(r.stdout)?.[1])
  t.ok(added > 60, 'the good records are kept')
})

t.test('unreadable input and bad options: one line, no stack', async t => {
  const dir = tempDir(t)
  const db = join(dir, 'lg.db')
  const missing = runCli(['import', '--db', db, '--library', 'VN-SYN', join(dir, 'nope.mrc')])
  t.equal(missing.status, 1)
  t.match(missing.stderr, /^libgate: cannot read '.*nope\.mrc': no such file\n$/)
  const bad = runCli(['import', '--db', db, '--library', 'not an isil', NFC])
  t.equal(bad.status, 2)
  t.match(bad.stderr, /^libgate: --library: 'not an isil' is not an ISIL/)
  t.equal(bad.stderr.split('\n').length, 2, 'one line')
  const none = runCli(['import', '--db', db, NFC])
  t.equal(none.status, 2)
  const fmt = runCli(['import', '--db', db, '--library', 'VN-SYN', '--format', 'pdf', NFC])
  t.equal(fmt.status, 2)
  t.equal(runCli(['import', '--db', db, '--library', 'VN-SYN', '--format', 'marcxml', resolve(VN, 'vn-utf8-nfc.xml')]).stdout, 'added 31, updated 0, unchanged 0, deleted 0, rejected 0\n', '--format forces the reader')
})
