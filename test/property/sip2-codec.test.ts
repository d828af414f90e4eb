// Garbage in, ProtocolError out; and format/parse round trips for generated messages (STYLE.md P4).
import t from 'tap'
import fc from 'fast-check'
import { ProtocolError } from '../../src/errors.js'
import { decodeText, SIP2_CHARSETS } from '../../protocols/sip2/codec/charset.js'
import { appendTrailer, readTrailer } from '../../protocols/sip2/codec/checksum.js'
import { formatSip2, type AnySip2Out } from '../../protocols/sip2/codec/format.js'
import { Sip2LineSplitter } from '../../protocols/sip2/codec/frame.js'
import { REPEATABLE, SIP2_MESSAGES, type Sip2Code } from '../../protocols/sip2/codec/messages.js'
import { parseSip2 } from '../../protocols/sip2/codec/parse.js'

function onlyProtocolErrors (f: () => unknown): void {
  try { f() } catch (e) { if (!(e instanceof ProtocolError)) throw e }
}

t.test('parseSip2 throws only ProtocolError on arbitrary text', async (t) => {
  fc.assert(fc.property(fc.string({ maxLength: 600 }), (s) => onlyProtocolErrors(() => parseSip2(s))), { numRuns: 3000 })
  const code = fc.constantFrom(...Object.keys(SIP2_MESSAGES))
  fc.assert(fc.property(code, fc.string({ maxLength: 300, unit: fc.constantFrom('A', 'B', 'Y', 'Z', '|', '0', '9', ' ', 'ễ') }), (c, rest) => onlyProtocolErrors(() => parseSip2(c + rest))), { numRuns: 3000 })
  t.pass('no other exception')
})

t.test('the whole decode path throws only ProtocolError on arbitrary bytes', async (t) => {
  fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), fc.constantFrom(...SIP2_CHARSETS), (chunks, cs) => {
    const sp = new Sip2LineSplitter(256)
    onlyProtocolErrors(() => {
      for (const c of chunks) {
        for (const line of sp.push(Buffer.from(c))) {
          const tr = readTrailer(line)
          onlyProtocolErrors(() => parseSip2(decodeText(line.subarray(0, tr.bodyEnd), cs)))
        }
      }
    })
  }), { numRuns: 3000 })
  t.pass('no other exception')
})

const value = fc.string({ maxLength: 40, unit: fc.constantFrom('a', 'Z', '0', ' ', '-', 'ễ', 'Đ', '/', '.') })

const arbMessage = fc.constantFrom(...(Object.keys(SIP2_MESSAGES) as Sip2Code[])).chain((code) => {
  const def = SIP2_MESSAGES[code]
  const fixed = fc.record(Object.fromEntries((def.fixed as ReadonlyArray<readonly [string, number]>).map(([n, w]) => [n, fc.string({ minLength: w, maxLength: w, unit: fc.constantFrom('0', 'Y', 'N', ' ', '7', 'x') })])))
  const fields = fc.array(fc.tuple(fc.constantFrom(...(def.fields as readonly string[]).concat(['AO'])), value), { maxLength: 8 })
  return fc.tuple(fc.constant(code), fixed, fields)
}).map(([code, fixed, raw]) => {
  // What parse gives back: the table's fields only, in table order, non-repeatable ones once.
  const known: readonly string[] = SIP2_MESSAGES[code].fields
  const seen = new Set<string>()
  const fields: Array<[string, string]> = []
  for (const id of known) {
    for (const [k, v] of raw) {
      if (k !== id || (seen.has(k) && !REPEATABLE.has(k))) continue
      seen.add(k)
      fields.push([k, v])
    }
  }
  return { code, fixed, fields }
})

t.test('parse(format(m)) = m for generated messages of every command', async (t) => {
  fc.assert(fc.property(arbMessage, (m) => {
    t.same(parseSip2(formatSip2(m as unknown as AnySip2Out)), m)
  }), { numRuns: 1500 })
})

t.test('appendTrailer / readTrailer round trip', async (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }), (body, seq) => {
    const tr = readTrailer(appendTrailer(Buffer.from(body), seq))
    return tr.checksumOk && tr.seq === seq && tr.bodyEnd === body.length
  }), { numRuns: 2000 })
  t.pass()
})
