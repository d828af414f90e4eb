import t from 'tap'
import { ProtocolError } from '../../../src/errors.js'
import { formatSip2, type AnySip2Out } from '../../../protocols/sip2/codec/format.js'
import { Sip2LineSplitter, sip2FrameLength } from '../../../protocols/sip2/codec/frame.js'
import { SIP2_MESSAGES, fixedLength } from '../../../protocols/sip2/codec/messages.js'
import { parseSip2 } from '../../../protocols/sip2/codec/parse.js'
import { CASES, D, LIBERAL } from '../../fixtures/sip2/codec-cases.js'

t.test('every message of SIP 2.00 has a case', async (t) => {
  t.same(new Set(CASES.map((c) => c.value.code)), new Set(Object.keys(SIP2_MESSAGES)))
})

for (const c of CASES) {
  t.test(c.name, async (t) => {
    t.same(parseSip2(c.wire), c.value, 'parse')
    t.equal(formatSip2(c.value as unknown as AnySip2Out), c.wire, 'format')
    t.same(parseSip2(formatSip2(c.value as unknown as AnySip2Out)), c.value, 'mirror')
    const splitter = new Sip2LineSplitter()
    const lines: Buffer[] = []
    for (const b of Buffer.from(`${c.wire}\r`, 'utf8')) lines.push(...splitter.push(Buffer.from([b])))
    t.equal(lines.length, 1, 'byte by byte: one message')
    t.same(parseSip2(lines[0].toString('utf8')), c.value, 'byte by byte')
    t.equal(c.wire.length >= fixedLength(c.value.code as keyof typeof SIP2_MESSAGES), true, 'fixed part present')
  })
}

for (const c of LIBERAL) {
  t.test(`liberal: ${c.name}`, async (t) => {
    t.same(parseSip2(c.wire).fields, c.fields)
  })
}

t.test('malformed input is a ProtocolError with a stable code', async (t) => {
  t.throws(() => parseSip2('XX123'), { code: 'LG_ERR_SIP2_UNKNOWN_COMMAND' })
  t.throws(() => parseSip2(''), { code: 'LG_ERR_SIP2_UNKNOWN_COMMAND' })
  t.throws(() => parseSip2(`11YN${D}`), { code: 'LG_ERR_SIP2_SHORT' })
  t.throws(() => parseSip2('23000'), ProtocolError)
})

t.test('format is strict: exact widths, | and CR never inside a value', async (t) => {
  t.throws(() => formatSip2({ code: '94', fixed: { ok: '10' }, fields: [] }), { code: 'LG_ERR_SIP2_FORMAT' })
  const s = formatSip2({ code: '36', fixed: { endSession: 'Y', transactionDate: D }, fields: [['AO', 'VN|HN'], ['AA', 'a\rb'], ['AF', undefined]] })
  t.equal(s, `36Y${D}AOVN HN|AAa b|`, 'sanitised; undefined fields left out entirely')
})

t.test('framing: CR terminates; CR LF and LF tolerated; three outcomes', async (t) => {
  t.equal(sip2FrameLength(Buffer.from('9900302.00\r')), 11)
  t.equal(sip2FrameLength(Buffer.from('9900302.00')), 0, 'need more')
  t.equal(sip2FrameLength(Buffer.from('97\n')), 3, 'bare LF')
  t.throws(() => sip2FrameLength(Buffer.alloc(5000, 0x41), 4096), { code: 'LG_ERR_SIP2_LINE_TOO_LONG' }, 'limit enforced before the CR arrives')
  const sp = new Sip2LineSplitter(64)
  t.same(sp.push(Buffer.from('97\r\n9900302.00\r\n23')).map(String), ['97', '9900302.00'], 'CR LF: the LF makes no empty message')
  t.equal(sp.buffered, 2)
  t.same(sp.push(Buffer.from('000\r')).map(String), ['23000'], 'a message split over segments')
  t.throws(() => sp.push(Buffer.alloc(100, 0x41)), { code: 'LG_ERR_SIP2_LINE_TOO_LONG' })
})
