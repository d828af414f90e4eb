#!/usr/bin/env node
// SRU benchmark: Zebra and libgate side by side with wrk on the same synthetic records
// (research/sru-z3950.md §5.3). Not a test: it prints req/s, p99 and the ratios.
//   node bench/sru.mjs [--records 100000] [--duration 15] [--connections 8]
// Needs: npx tsc -p tsconfig.build.json (dist/), wrk, yaz-marcdump, zebraidx/zebrasrv, python3.
import { spawn, spawnSync, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'

const ROOT = resolve(import.meta.dirname, '..')
const SHARED = resolve(ROOT, '../shared')
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt }
const N = Number(arg('records', '100000'))
const DURATION = Number(arg('duration', '15'))
const CONN = Number(arg('connections', '8'))
const WARMUP = Number(arg('warmup', '5'))
const WORK = arg('dir', join(tmpdir(), `libgate-bench-sru-${N}`))
mkdirSync(WORK, { recursive: true })

const mrc = join(WORK, `syn-${N}.mrc`)
const xml = join(WORK, `syn-${N}.xml`)
if (!existsSync(mrc)) execFileSync('python3', [join(SHARED, 'data/marc/vietnamese/generator/synth.py'), String(N), mrc, '42'], { stdio: 'inherit' })
if (!existsSync(xml)) writeFileSync(xml, execFileSync('yaz-marcdump', ['-i', 'marc', '-o', 'marcxml', '-f', 'utf-8', '-t', 'utf-8', mrc], { maxBuffer: 1 << 30 }))

// 500 title words that occur in the data (the research's word list, drawn from our own titles).
const titleWords = new Map()
for (const m of readFileSync(xml, 'utf8').matchAll(/<datafield tag="245"[^>]*>\s*<subfield code="a">([^<]*)</g)) {
  for (const w of m[1].toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []) titleWords.set(w, (titleWords.get(w) ?? 0) + 1)
}
const words = [...titleWords].filter(([, c]) => c >= 20).sort((a, b) => b[1] - a[1]).slice(0, 500).map(([w]) => w)
writeFileSync(join(WORK, 'words.txt'), words.join('\n') + '\n')
writeFileSync(join(WORK, 'sru.lua'), `
local words = {}
for line in io.lines("${join(WORK, 'words.txt')}") do words[#words+1] = line end
local path = os.getenv("SRU_PATH")
local qs = os.getenv("QS")
math.randomseed(os.time())
local function enc(s) return (s:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end)) end
local pairs = os.getenv("PAIRS") == "1"
request = function()
  local w = words[math.random(#words)]
  local q = "dc.title%3D" .. enc(w)
  if pairs then q = q .. "%20and%20dc.title%3D" .. enc(words[math.random(#words)]) end
  return wrk.format("GET", path .. "?version=1.2&operation=searchRetrieve&query=" .. q .. qs)
end
`)

const children = []
function stopAll () { for (const c of children) { try { process.kill(c) } catch {} } }
process.on('exit', stopAll)
process.on('SIGINT', () => { stopAll(); process.exit(130) })

// Zebra, as research §5.1 (conformance/sru/zebra-setup.sh), on the MARCXML of the same records.
const zport = 21000 + Math.floor(Math.random() * 1000)
const zdir = join(WORK, 'zebra')
let t0 = Date.now()
const z = spawnSync('sh', [join(ROOT, 'conformance/sru/zebra-setup.sh'), zdir, String(zport), xml], { encoding: 'utf8' })
if (z.status !== 0) throw new Error(z.stderr)
children.push(Number(z.stdout.trim()))
console.log(`zebra: indexed ${N} records in ${((Date.now() - t0) / 1000).toFixed(1)} s`)

// libgate: the SRU plugin on the SQLite store (bench/sru-serve.mjs), loaded from the ISO 2709 file.
const lport = 22000 + Math.floor(Math.random() * 1000)
const db = join(WORK, 'libgate.db')
t0 = Date.now()
const lg = spawn(process.execPath, [join(ROOT, 'bench/sru-serve.mjs'), db, String(lport), 'VN-SYN', mrc], { stdio: ['ignore', 'pipe', 'inherit'] })
children.push(lg.pid)
await new Promise((res, rej) => {
  lg.stdout.on('data', d => { if (String(d).includes('"ready"')) res() })
  lg.once('exit', c => rej(new Error(`libgate exited ${c}`)))
})
console.log(`libgate: ready with ${N} records in ${((Date.now() - t0) / 1000).toFixed(1)} s (load includes the first import when the database is new)`)

function wrk (base, path, qs, seconds = DURATION, pairs = false) {
  const r = spawnSync('wrk', ['-t2', `-c${CONN}`, `-d${seconds}s`, '--latency', '-s', join(WORK, 'sru.lua'), base], { encoding: 'utf8', env: { ...process.env, SRU_PATH: path, QS: qs, PAIRS: pairs ? '1' : '0' } })
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1] ?? NaN)
  const p99m = /99%\s+([\d.]+)(us|ms|s)/.exec(r.stdout)
  const p99 = p99m === null ? NaN : Number(p99m[1]) * (p99m[2] === 'us' ? 0.001 : p99m[2] === 's' ? 1000 : 1)
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(r.stdout)?.[1] ?? '0'
  return { rps, p99, errors }
}

// Sanity: both answer the same word with hits, and records come back.
const probe = async (url) => (await (await fetch(url)).text())
const w0 = encodeURIComponent(words[0])
for (const [name, url] of [['zebra', `http://127.0.0.1:${zport}/Default`], ['libgate', `http://127.0.0.1:${lport}/sru`]]) {
  const body = await probe(`${url}?version=1.2&operation=searchRetrieve&query=dc.title%3D${w0}&maximumRecords=1&recordSchema=dc`)
  console.log(`${name}: dc.title=${words[0]} → ${/numberOfRecords>(\d+)/.exec(body)?.[1]} hits`)
}

// The last two are rarely repeated (about half of the requests are the first of their query): two random title words (`dc.title=w1 and dc.title=w2`)
// out of 248² pairs, so neither server answers from a cache of results or rendered records.
const scenarios = [
  ['count only', '&maximumRecords=0', false],
  ['10 MARCXML records', '&maximumRecords=10&recordSchema=marcxml', false],
  ['10 DC records', '&maximumRecords=10&recordSchema=dc', false],
  ['uncached, count', '&maximumRecords=0', true],
  ['uncached, 10 MARCXML', '&maximumRecords=10&recordSchema=marcxml', true],
]
const rows = []
for (const [name, qs, pairs] of scenarios) {
  // A warm-up pass first for both servers (page cache, result sets, rendered records), then the measured run.
  if (WARMUP > 0) { wrk(`http://127.0.0.1:${zport}`, '/Default', qs, WARMUP, pairs); wrk(`http://127.0.0.1:${lport}`, '/sru', qs, WARMUP, pairs) }
  const zr = wrk(`http://127.0.0.1:${zport}`, '/Default', qs, DURATION, pairs)
  const lr = wrk(`http://127.0.0.1:${lport}`, '/sru', qs, DURATION, pairs)
  rows.push({ name, zr, lr })
}
console.log(`\n${N} records, wrk -t2 -c${CONN} -d${DURATION}s after a ${WARMUP} s warm-up, random dc.title=<word> over ${words.length} words (uncached: dc.title=<word> and dc.title=<word>)\n`)
console.log('scenario              zebra req/s  p99 ms   libgate req/s  p99 ms   ratio  goal')
for (const { name, zr, lr } of rows) {
  const goal = name.includes('count') ? 1.5 : 5
  const ratio = lr.rps / zr.rps
  console.log(`${name.padEnd(20)} ${zr.rps.toFixed(0).padStart(11)} ${zr.p99.toFixed(1).padStart(7)}   ${lr.rps.toFixed(0).padStart(13)} ${lr.p99.toFixed(1).padStart(7)}   ${ratio.toFixed(2).padStart(5)}  ≥${goal}× ${ratio >= goal ? 'met' : 'NOT met'}${lr.errors !== '0' || zr.errors !== '0' ? `  (non-2xx: zebra ${zr.errors}, libgate ${lr.errors})` : ''}`)
}
const p99Goal = rows.filter(r => !r.name.includes('count')).every(r => r.lr.p99 < 50)
console.log(`p99 < 50 ms for 10-record pages at ${CONN} clients: ${p99Goal ? 'met' : 'NOT met'}`)
stopAll()
if (process.argv.includes('--clean')) rmSync(WORK, { recursive: true, force: true })
