// RenderCache: kept only on a repeated request (a lone full harvest keeps nothing), bounded by
// characters with the oldest out first, keyed by format and stamp.
import t from 'tap'
import { RenderCache } from '../../../protocols/oai-pmh/context.js'
import type { StoredRecord } from '../../../src/model/record.js'

const rec = (stamp: number): StoredRecord => ({ stamp } as unknown as StoredRecord)

function counting (c: RenderCache): { get: (prefix: string, stamp: number, text?: string) => string, renders: () => number } {
  let n = 0
  return { get: (prefix, stamp, text = `${prefix}-${stamp}`) => c.get(prefix, rec(stamp), () => { n++; return text }) as string, renders: () => n }
}

t.test('a rendering is kept from its second request on', async t => {
  const c = counting(new RenderCache(1000))
  t.equal(c.get('marc21', 1), 'marc21-1')
  t.equal(c.get('marc21', 1), 'marc21-1')
  t.equal(c.renders(), 2, 'first two requests render')
  t.equal(c.get('marc21', 1), 'marc21-1')
  t.equal(c.renders(), 2, 'third is a hit')
  t.equal(c.get('oai_dc', 1), 'oai_dc-1', 'another format is another key')
  t.equal(c.renders(), 3)
})

t.test('a single pass over many records keeps nothing', async t => {
  const c = counting(new RenderCache(1000, 50))
  for (let i = 0; i < 500; i++) c.get('marc21', i)
  // the doorkeeper forgot the first ones (50 keys): asking again renders twice before a hit
  c.get('marc21', 0); c.get('marc21', 0); c.get('marc21', 0)
  t.equal(c.renders(), 502)
})

t.test('bounded by characters, oldest out first; oversized renderings are never kept', async t => {
  const c = counting(new RenderCache(160, 100))
  const ten = (i: number): string => String(i).padStart(10, '0')
  for (let i = 0; i < 20; i++) { c.get('p', i, ten(i)); c.get('p', i, ten(i)) }
  t.equal(c.renders(), 40)
  c.get('p', 19, ten(19))
  t.equal(c.renders(), 40, 'newest still held')
  c.get('p', 0, ten(0))
  t.equal(c.renders(), 41, 'oldest evicted (16 × 10 characters fit)')
  const big = 'x'.repeat(11) // more than maxChars / 16
  c.get('p', 99, big); c.get('p', 99, big); c.get('p', 99, big)
  t.equal(c.renders(), 44)
})

t.test('maxChars 0 disables the cache', async t => {
  const c = counting(new RenderCache(0))
  c.get('p', 1); c.get('p', 1); c.get('p', 1)
  t.equal(c.renders(), 3)
})
