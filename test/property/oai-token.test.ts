// Resumption tokens: encode/decode round trip, and any alteration, other key, other verb or expiry is refused.
import t from 'tap'
import fc from 'fast-check'
import { decodeToken, encodeToken, type ListState } from '../../protocols/oai-pmh/resumption-token.js'

const stamp = fc.integer({ min: 0, max: 2 ** 52 })
const arbState: fc.Arbitrary<ListState> = fc.record({
  verb: fc.constantFrom('ListIdentifiers' as const, 'ListRecords' as const),
  metadataPrefix: fc.stringMatching(/^[A-Za-z0-9_.!~*'()-]{1,20}$/),
  set: fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,8}(:[A-Za-z0-9-]{1,8})?$/), { nil: undefined }),
  fromStamp: fc.option(stamp, { nil: undefined }),
  untilStamp: stamp,
  responseSecond: fc.integer({ min: 0, max: 2 ** 40 }),
  after: stamp,
  cursor: fc.nat(),
  completeListSize: fc.nat(),
  expires: fc.integer({ min: 1_000_000, max: 2 ** 40 }),
}, { requiredKeys: ['verb', 'metadataPrefix', 'untilStamp', 'responseSecond', 'after', 'cursor', 'completeListSize', 'expires'] })
  .map(s => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as unknown as ListState)

const KEY = 'k1'

t.test('round trip; the alphabet needs no URL encoding', async () => {
  fc.assert(fc.property(arbState, (s) => {
    const tok = encodeToken(s, KEY)
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(tok)) return false
    const d = decodeToken(tok, s.verb, KEY, s.expires)
    return d.ok && JSON.stringify(d.state) === JSON.stringify(s) || (d.ok && isSame(d.state, s))
  }))
})

function isSame (a: ListState, b: ListState): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].every(k => (a as unknown as Record<string, unknown>)[k] === (b as unknown as Record<string, unknown>)[k])
}

t.test('any single-character change is refused', async () => {
  fc.assert(fc.property(arbState, fc.nat(), fc.constantFrom(...'ABCabc019-_.'), (s, at, c) => {
    const tok = encodeToken(s, KEY)
    const i = at % tok.length
    if (tok[i] === c) return true
    const bad = tok.slice(0, i) + c + tok.slice(i + 1)
    return !decodeToken(bad, s.verb, KEY, 0).ok
  }))
})

t.test('another key, the other verb, or after expiry is refused with its reason', async t => {
  fc.assert(fc.property(arbState, (s) => {
    const tok = encodeToken(s, KEY)
    const other = s.verb === 'ListRecords' ? 'ListIdentifiers' : 'ListRecords'
    const a = decodeToken(tok, s.verb, 'k2', 0)
    const b = decodeToken(tok, other, KEY, 0)
    const c = decodeToken(tok, s.verb, KEY, s.expires + 1)
    return !a.ok && a.reason === 'signature' && !b.ok && b.reason === 'verb' && !c.ok && c.reason === 'expired'
  }))
  t.pass()
})

t.test('arbitrary strings never decode and never throw', async () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => !decodeToken(s, 'ListRecords', KEY, 0).ok))
})
