// Chunk boundaries (research/marc.md §1.4: marcjs and marc4js break records spanning chunks and
// multibyte characters split between chunks): 1, 7, 997 and 64 KiB chunks give identical results.
import t from 'tap'
import { readdirSync } from 'node:fs'
import { readIso2709, readMarcXml, readMij } from '../../../src/ingest/marc/index.js'
import { MARC, readAll, type Reader } from './helpers.js'

function readerFor (file: string): Reader | undefined {
  if (/\.(mrc|dat|marc)$/.test(file)) return readIso2709
  if (/\.xml$/.test(file)) return readMarcXml
  if (/\.(ndjson|json)$/.test(file)) return readMij
  return undefined
}

const files: string[] = []
for (const dir of ['vietnamese', 'vietnamese/broken', 'third_party/pymarc', 'third_party/yaz', 'third_party/marc4j']) {
  for (const f of readdirSync(`${MARC}/${dir}`)) if (readerFor(f) !== undefined && !f.startsWith('vn-expected')) files.push(`${dir}/${f}`)
}

t.ok(files.length > 50, `${files.length} files`)

for (const file of files) {
  t.test(file, async t => {
    const reader = readerFor(file) as Reader
    const whole = JSON.stringify(await readAll(reader, `${MARC}/${file}`, 1 << 30))
    for (const size of [1, 7, 997, 65536]) {
      t.equal(JSON.stringify(await readAll(reader, `${MARC}/${file}`, size)), whole, `${size}-byte chunks`)
    }
  })
}
