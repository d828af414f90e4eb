import t from 'tap'
import iconv from 'iconv-lite'
import { appendTrailer, readTrailer, sip2Checksum } from '../../../protocols/sip2/codec/checksum.js'

// Worked examples from research/sip2.md §1.4 (measured against Python and Koha's Perl formula).
const EXAMPLES: Array<[string, string]> = [
  ['9900302.00AY1AZ', 'FCA5'],
  ['97AZ', 'FEF5'],
  ['96AZ', 'FEF6'],
  ['941AY0AZ', 'FDFD'],
  ['9300CNscclient|COclientpwd|CPWORKSTATION5|AY0AZ', 'EFEC'],
]

for (const [msg, sum] of EXAMPLES) {
  t.equal(sip2Checksum(Buffer.from(msg, 'latin1')), sum, `${msg} -> ${sum}`)
}

t.test('the checksum is over encoded bytes, not characters', async (t) => {
  const msg = '24  Y           00120261124    205424AOUWOLS|AAx|AEMüller|AY1AZ'
  t.equal(sip2Checksum(Buffer.from(msg, 'utf8')), 'EFCE', 'UTF-8')
  t.equal(sip2Checksum(iconv.encode(msg, 'cp850')), 'F0CC', 'CP850')
  t.equal(sip2Checksum(Buffer.from(msg, 'latin1')), 'F051', 'Latin-1')
})

t.test('observed wire samples of a reference ACS verify', async (t) => {
  for (const line of [
    '98YNNYNN60000320261124    2052382.00AOUWOLS|BXYYYYYYYYYNYNYYYY|AY1AZEDDA',
    '121NNY20261124    205252AOUWOLS|AAdjfiander|AB1565921879|AJPerl 5 desktop reference|AH20261208    205252|CK001|AY4AZDFB0',
    '1720261124    205252AOUWOLS|AB1565921879|ACclientpwd|AY3AZF06A',
  ]) {
    const tr = readTrailer(Buffer.from(line, 'latin1'))
    t.ok(tr.checksumOk, line.slice(0, 12))
    t.equal(tr.bodyEnd, line.length - 9)
  }
  const bad = readTrailer(Buffer.from('2300120261124    205252AOUWOLS|AAdjfiander|ACclientpwd|AD6789|AY5AZ0000', 'latin1'))
  t.equal(bad.checksumOk, false, 'the observed bad checksum is caught')
  t.equal(bad.seq, 5)
})

t.test('trailer variants: lowercase hex, AZ without AY, none at all', async (t) => {
  t.same(readTrailer(Buffer.from('9900302.00AY1AZfca5')), { bodyEnd: 10, seq: 1, checksum: 'fca5', checksumOk: true })
  t.same(readTrailer(Buffer.from('97AZFEF5')), { bodyEnd: 2, seq: undefined, checksum: 'FEF5', checksumOk: true })
  t.same(readTrailer(Buffer.from('9900302.00')), { bodyEnd: 10, seq: undefined, checksum: undefined, checksumOk: true })
  t.equal(appendTrailer(Buffer.from('941'), 0).toString(), '941AY0AZFDFD')
  t.equal(appendTrailer(Buffer.from('96'), undefined).toString(), '96AZFEF6')
})
