#!/usr/bin/env node
// Full-import benchmark (issue 2 "Speed"): libgate's import (parse, normalise, index, store) next to
// Zebra's zebraidx on the same 100k synthetic records, in one run. Not a test: figures vary with the
// machine; run `npx tsc -p tsconfig.build.json` first (imports from dist/).
//
//   node bench/import.mjs [N]          N defaults to 100000; the file is /tmp/syn-N.mrc (generated
//                                      by shared/data/marc/vietnamese/generator/synth.py if missing)
//
// Our peak memory is the process's VmHWM (/proc/self/status) after the import: the import runs in a
// child process of its own so that Zebra's run and the parent's bookkeeping do not count.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const N = Number(process.argv[2] ?? 100000)

if (process.argv[2] === '--child') {
  // The import itself: node bench/import.mjs --child FILE DB
  const [, , , file, db] = process.argv
  const { importFiles } = await import(pathToFileURL(join(ROOT, 'dist/src/ingest/import.js')).href)
  const { openRecordStore } = await import(pathToFileURL(join(ROOT, 'dist/src/store/open.js')).href)
  const store = openRecordStore(db)
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const summary = await importFiles(store, { library: 'VN-SYN', files: [file] })
  const secs = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  // CPU seconds of each thread (the import runs on two: the reader/indexer and the database writer):
  // on an otherwise idle machine the busiest one bounds the wall time.
  const threads = readdirSync('/proc/self/task').map((t) => {
    const st = readFileSync(`/proc/self/task/${t}/stat`, 'utf8')
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) / 100 // utime + stime, clock ticks (USER_HZ 100)
  }).sort((a, b) => b - a)
  await store.close()
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024
  process.stdout.write(JSON.stringify({ secs, cpuSecs: (cpu.user + cpu.system) / 1e6, busiest: threads[0], second: threads[1], hwm, counts: summary.counts }) + '\n')
  process.exit(0)
}

const file = `/tmp/syn-${N}.mrc`
if (!existsSync(file)) {
  process.stderr.write(`generating ${file} …\n`)
  execFileSync('python3', [resolve(ROOT, '../shared/data/marc/vietnamese/generator/synth.py'), String(N), file, '42'], { stdio: 'inherit' })
}
if (!existsSync(join(ROOT, 'dist/src/ingest/import.js'))) {
  process.stderr.write('dist/ is missing: run npx tsc -p tsconfig.build.json first\n')
  process.exit(2)
}

const dir = mkdtempSync(join(tmpdir(), 'libgate-bench-'))
try {
  // libgate
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file, join(dir, 'lg.db')], { encoding: 'utf8', maxBuffer: 1 << 20 })
  if (child.status !== 0) throw new Error(`libgate import failed: ${child.stderr}`)
  const ours = JSON.parse(child.stdout.trim().split('\n').pop())

  // Zebra, ISO 2709 read by its MARC filter (grs.marcxml.marc21: MARC 21 indexed through its MARCXML
  // representation, the usual Zebra set-up for MARC 21), update + commit.
  const zdir = join(dir, 'zebra')
  for (const d of ['reg', 'shadow', 'tmp', 'lock']) mkdirSync(join(zdir, d), { recursive: true })
  const arch = execFileSync('dpkg-architecture', ['-qDEB_HOST_MULTIARCH'], { encoding: 'utf8' }).trim()
  writeFileSync(join(zdir, 'zebra.cfg'), [
    'profilePath: /usr/share/idzebra-2.0/tab',
    `modulePath: /usr/lib/${arch}/idzebra-2.0/modules`,
    'recordType: grs.marcxml.marc21',
    'encoding: utf-8',
    'register: reg:8G', 'shadow: shadow:8G', 'keyTmpDir: tmp', 'lockDir: lock',
    'storeKeys: 1', 'storeData: 1', '',
  ].join('\n'))
  const z0 = performance.now()
  for (const args of [['-c', 'zebra.cfg', 'update', file], ['-c', 'zebra.cfg', 'commit']]) {
    const r = spawnSync('zebraidx', args, { cwd: zdir, encoding: 'utf8', maxBuffer: 64 << 20 })
    if (r.status !== 0) throw new Error(`zebraidx ${args[2]} failed: ${r.stderr.slice(-500)}`)
  }
  const zsecs = (performance.now() - z0) / 1000

  const rate = N / ours.secs
  const zrate = N / zsecs
  const mb = (b) => (b / 1048576).toFixed(0)
  console.log(`records:                 ${N} (${file})`)
  console.log(`libgate import:          ${ours.secs.toFixed(1)} s wall, ${ours.cpuSecs.toFixed(1)} s CPU → ${Math.round(rate)} records/s (${Math.round(N / ours.cpuSecs)} records per CPU-second); ${JSON.stringify(ours.counts)}`)
  console.log(`libgate busiest threads:  ${ours.busiest.toFixed(1)} s and ${ours.second.toFixed(1)} s CPU → at most ${Math.round(N / ours.busiest)} records/s with two free cores`)
  console.log(`zebraidx update+commit:  ${zsecs.toFixed(1)} s wall → ${Math.round(zrate)} records/s`)
  console.log(`ratio libgate/zebra:     ${(rate / zrate).toFixed(2)}`)
  console.log(`libgate peak RSS:        ${mb(ours.hwm)} MB (VmHWM)`)
  console.log(`goals:                   ≥ 10000 records/s (${rate >= 10000 ? 'met' : 'NOT met'}), peak < 300 MB (${ours.hwm < 300 * 1048576 ? 'met' : 'NOT met'})`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
