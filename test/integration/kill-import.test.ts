// kill -9 during a large import, then a re-run: the store is consistent (no half batch) and complete
// (issue 2 acceptance). Records are generated here from the 31 Vietnamese records (varied 001 and
// title), so the test needs nothing but Node.
import t from 'tap'
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { runCli, SHARED, spawnCli } from '../helpers/cli.js'
import { readIso2709, writeIso2709 } from '../../src/ingest/marc/index.js'
import { DEFAULT_BATCH_SIZE } from '../../src/ingest/import.js'
import type { DataField, MarcRecord } from '../../src/model/marc.js'

const N = Number(process.env.LIBGATE_KILL_RECORDS ?? 100_000)
const BATCH = DEFAULT_BATCH_SIZE // each batch is one transaction

t.setTimeout(900_000)

async function generate (file: string, n: number): Promise<void> {
  const base: MarcRecord[] = []
  for await (const r of readIso2709(createReadStream(resolve(SHARED, 'data/marc/vietnamese/vn-utf8-nfc.mrc')))) if (r.record !== null) base.push(r.record)
  const fd = openSync(file, 'w')
  let buf: Buffer[] = []
  for (let i = 0; i < n; i++) {
    const b = base[i % base.length]
    const fields = b.fields.map((f) => {
      if (f.tag === '001') return { tag: '001', value: `K${String(i).padStart(7, '0')}` }
      if (f.tag === '245') {
        const d = f as DataField
        return { ...d, subfields: d.subfields.map((s, j) => j === 0 || s.code === 'a' ? { ...s, value: `${s.value} ${i}` } : s) }
      }
      return f
    })
    buf.push(writeIso2709({ leader: b.leader, fields }))
    if (buf.length === 5000) { writeSync(fd, Buffer.concat(buf)); buf = [] }
  }
  if (buf.length > 0) writeSync(fd, Buffer.concat(buf))
  closeSync(fd)
}

function count (db: Database.Database, sql: string): number {
  return (db.prepare(sql).get() as { n: number }).n
}

t.test(`kill -9 during a ${N}-record import, then a re-run`, async t => {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-kill-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'synthetic.mrc')
  const dbFile = join(dir, 'lg.db')
  await generate(file, N)

  const child = spawnCli(['import', '--db', dbFile, '--library', 'VN-SYN', file])
  const exited = new Promise<number | null>(resolve => child.on('exit', (code) => resolve(code)))
  // Wait until a third of the records are committed (read from another connection), then kill.
  let seen = 0
  for (let i = 0; i < 6000 && seen < N / 3; i++) {
    await new Promise(resolve => setTimeout(resolve, 50))
    try {
      const probe = new Database(dbFile, { readonly: true, fileMustExist: true })
      try { seen = count(probe, 'SELECT count(*) AS n FROM records') } finally { probe.close() }
    } catch { /* not created yet */ }
  }
  t.ok(child.kill('SIGKILL'), 'killed')
  t.equal(await exited, null, 'the import died of the signal')
  t.ok(seen > 0, `records were committed before the kill (${seen})`)

  const db = new Database(dbFile)
  t.teardown(() => db.close())
  t.equal((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok')
  const live = count(db, 'SELECT count(*) AS n FROM records WHERE deleted = 0')
  t.ok(live > 0 && live < N, `a partial import (${live} of ${N})`)
  t.equal(live % BATCH, 0, 'whole batches only')
  t.equal(count(db, 'SELECT count(*) AS n FROM search_text'), live, 'every record has its full-text row')
  t.equal(count(db, 'SELECT count(DISTINCT record) AS n FROM headings WHERE idx = 1'), live, 'every record has its title heading')
  t.equal(count(db, 'SELECT count(*) AS n FROM record_sets s JOIN records r ON r.id = s.record AND r.stamp = s.stamp'), 4 * live, 'every record has its two sets and their two parents, at its stamp')
  t.equal(count(db, 'SELECT count(*) AS n FROM record_sets'), 4 * live, 'no set row of an uncommitted record')
  db.close()

  const rerun = runCli(['import', '--db', dbFile, '--library', 'VN-SYN', file])
  t.equal(rerun.status, 0, rerun.stderr)
  t.equal(rerun.stdout, `added ${N - live}, updated 0, unchanged ${live}, deleted 0, rejected 0\n`)

  const db2 = new Database(dbFile, { readonly: true })
  t.teardown(() => db2.close())
  t.equal(count(db2, 'SELECT count(*) AS n FROM records WHERE deleted = 0'), N, 'complete')
  t.equal(count(db2, 'SELECT count(DISTINCT local_id) AS n FROM records'), N, 'N distinct ids')
  t.equal(count(db2, 'SELECT count(DISTINCT stamp) AS n FROM records'), N, 'stamps unique')
  const byId = db2.prepare('SELECT stamp FROM records ORDER BY id').all() as Array<{ stamp: number }>
  t.ok(byId.every((r, i) => i === 0 || r.stamp > byId[i - 1].stamp), 'stamps increase in insertion order')
  t.equal(count(db2, 'SELECT count(*) AS n FROM search_text'), N)
})
