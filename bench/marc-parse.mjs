#!/usr/bin/env node
// Parse-only throughput of libgate's MARC readers next to yaz-marcdump (the C reference), on the
// synthetic Vietnamese corpus (issue 2 "Speed"). Not a test: prints figures.
//   python3 ../shared/data/marc/vietnamese/generator/synth.py 100000 /tmp/syn-100k.mrc 42
//   yaz-marcdump -i marc -o marcxml /tmp/syn-100k.mrc > /tmp/syn-100k.xml
//   npx tsc -p tsconfig.build.json && node bench/marc-parse.mjs [/tmp/syn-100k.mrc] [/tmp/syn-100k.xml]
// Goals: ≥ 40k records/s ISO 2709, ≥ 12k records/s MARCXML, flat memory.
import { spawnSync } from 'node:child_process'
import { createReadStream, existsSync, readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

const dist = new URL('../dist/src/ingest/marc/index.js', import.meta.url)
if (!existsSync(dist)) { console.error('build first: npx tsc -p tsconfig.build.json'); process.exit(2) }
const { readIso2709, readMarcXml } = await import(dist.href)

const mrc = process.argv[2] ?? '/tmp/syn-100k.mrc'
const xml = process.argv[3] ?? '/tmp/syn-100k.xml'
for (const f of [mrc, xml]) if (!existsSync(f)) { console.error(`missing ${f}: see the header of this script`); process.exit(2) }

function vmHwmMb () {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

function yaz (args, file) {
  const t0 = performance.now()
  const r = spawnSync('yaz-marcdump', [...args, file], { stdio: ['ignore', 'ignore', 'pipe'] })
  if (r.error) return undefined
  return (performance.now() - t0) / 1000
}

let peakRss = 0
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, 50)

async function ours (reader, file) {
  const t0 = performance.now()
  let n = 0
  let rejected = 0
  for await (const r of reader(createReadStream(file, { highWaterMark: 64 * 1024 }))) { n++; if (r.record === null) rejected++ }
  return { n, rejected, s: (performance.now() - t0) / 1000 }
}

const rows = []
for (const [name, file, reader, yazArgs] of [
  ['ISO 2709', mrc, readIso2709, ['-n', '-i', 'marc']],
  ['MARCXML', xml, readMarcXml, ['-n', '-i', 'marcxml']]
]) {
  const ys = yaz(yazArgs, file)
  const o = await ours(reader, file)
  const rate = o.n / o.s
  const yazRate = ys === undefined ? undefined : o.n / ys
  rows.push({ name, records: o.n, rejected: o.rejected, seconds: o.s, rate, yazSeconds: ys, yazRate })
}
clearInterval(sampler)
peakRss = Math.max(peakRss, process.memoryUsage().rss)

for (const r of rows) {
  const vs = r.yazRate === undefined ? 'yaz-marcdump not found' : `yaz-marcdump -n ${Math.round(r.yazRate).toLocaleString('en')} rec/s (${r.yazSeconds.toFixed(2)} s), ours = ${(r.rate / r.yazRate * 100).toFixed(1)}% of yaz`
  console.log(`${r.name.padEnd(8)} ${r.records} records (${r.rejected} rejected) in ${r.seconds.toFixed(2)} s: ${Math.round(r.rate).toLocaleString('en')} rec/s; ${vs}`)
}
console.log(`peak RSS ${(peakRss / 1048576).toFixed(0)} MB (sampled), VmHWM ${vmHwmMb().toFixed(0)} MB`)
