// Differential test against yaz-marcdump (Index Data's C reference) on the UTF-8 files: the same
// fields and subfields. yaz is not needed by `npm test` (Node alone): skipped, visibly, without it.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { readIso2709, readMij } from '../../../src/ingest/marc/index.js'
import { canonical, chunked, MARC, readAll, records } from './helpers.js'

const yaz = spawnSync('yaz-marcdump', ['-V'], { encoding: 'utf8' })
const haveYaz = yaz.error === undefined && yaz.status === 0

const FILES = [
  'vietnamese/vn-utf8-nfc.mrc',
  'vietnamese/vn-utf8-nfd.mrc',
  'vietnamese/vn-utf8-noncanonical-order.mrc',
  'vietnamese/broken/vn-utf8-leader-says-marc8.mrc',
  'vietnamese/broken/vn-bom-crlf.mrc',
  'vietnamese/broken/vn-no-final-terminator.mrc',
  'third_party/yaz/marccol1.u8.marc',
  'third_party/yaz/marccol2.u8.marc',
  'third_party/yaz/marccol3.u8.marc',
  'third_party/yaz/marccol5.u8.marc',
  'third_party/marc4j/summerland.mrc',
  'third_party/marc4j/chabon.mrc',
  'third_party/marc4j/u17_utf8.mrc',
  'third_party/marc4j/brkrtest_UTF8.mrc',
  'third_party/pymarc/diacritic.dat',
  'third_party/pymarc/utf8_with_leader_flag.dat',
]

if (!haveYaz) {
  t.test('yaz-marcdump is not on PATH: differential test against yaz skipped (install the Debian package "yaz")', { skip: true }, async () => {})
} else {
  for (const file of FILES) {
    t.test(`${file}: same fields and subfields as yaz-marcdump -o json`, async t => {
      // yaz prints one pretty-printed MiJ object per record: our MiJ reader reads that sequence.
      // yaz exits non-zero after warnings (BOM, missing terminator) but still prints what it read.
      // It also prints "<!-- Skipping bad byte … -->" lines to stdout: those are dropped here.
      const out = spawnSync('yaz-marcdump', ['-i', 'marc', '-o', 'json', `${MARC}/${file}`], { maxBuffer: 1 << 26 }).stdout.toString('utf8')
      const json = Buffer.from(out.split('\n').filter(l => !l.startsWith('<!--')).join('\n'))
      const theirs = records(await (async () => { const o = []; for await (const r of readMij(chunked(json, 65536))) o.push(r); return o })())
      const ours = records(await readAll(readIso2709, `${MARC}/${file}`))
      t.ok(ours.length > 0)
      // yaz drops a last record that lacks its 0x1D; we recover it (and report the repair).
      t.equal(ours.length, theirs.length + (file.endsWith('no-final-terminator.mrc') ? 1 : 0), 'record count')
      theirs.forEach((r, i) => t.same(canonical(ours[i]), canonical(r), `record ${i + 1}`))
    })
  }
}
