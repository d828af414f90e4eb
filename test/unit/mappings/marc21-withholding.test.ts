// The MARC → withheld decision as data: Koha's 942 $n suppression flag and MARC 21 506 $g
// availability dates (both forms, past, future, malformed), one row per case.
import t from 'tap'
import { availabilityDate, marcWithholding, WITHHOLDING_MAP } from '../../../mappings/marc21-withholding.js'
import type { MarcField, MarcRecord } from '../../../src/model/marc.js'

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0) * 1000 // 2025-06-15T12:00Z, µs
const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) * 1000

const rec = (...fields: MarcField[]): MarcRecord => ({
  leader: '00000nam a2200000 a 4500',
  fields: [{ tag: '001', value: 'x1' }, { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'Tên' }] }, ...fields],
})
const f942 = (...n: string[]): MarcField => ({ tag: '942', ind1: ' ', ind2: ' ', subfields: [{ code: 'c', value: 'BK' }, ...n.map(value => ({ code: 'n', value }))] })
const f506 = (...g: string[]): MarcField => ({ tag: '506', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: 'Embargo' }, ...g.map(value => ({ code: 'g', value }))] })

t.test('the map names 942 $n and 506 $g', async t => {
  t.same(WITHHOLDING_MAP.map(r => `${r.tag}$${r.code}:${r.rule}`), ['942$n:suppression-flag', '506$g:availability-date'])
})

t.test('decisions', async t => {
  const cases: Array<[string, MarcField[], number | 'suppressed' | undefined, RegExp[]]> = [
    ['no 942, no 506', [], undefined, []],
    ['942 $n 1', [f942('1')], 'suppressed', [/^suppressed \(942 \$n = 1\)/]],
    ['942 $n 1 with spaces', [f942(' 1 ')], 'suppressed', [/^suppressed/]],
    ['942 $n 0', [f942('0')], undefined, []],
    ['942 without $n', [f942()], undefined, []],
    ['942 $n empty', [f942('')], undefined, []],
    ['942 $n unknown value', [f942('yes')], undefined, [/942 \$n 'yes' is neither 1 \(suppressed\) nor 0: not suppressed/]],
    ['942 $n 0 then 1 (any 1 suppresses)', [f942('0'), f942('1')], 'suppressed', [/^suppressed/]],
    ['506 $g YYYYMMDD in the future', [f506('20300101')], day(2030, 1, 1), [/^embargoed until 2030-01-01 \(506 \$g\)/]],
    ['506 $g YYYY-MM-DD in the future', [f506('2030-02-28')], day(2030, 2, 28), [/^embargoed until 2030-02-28/]],
    ['506 $g tomorrow', [f506('20250616')], day(2025, 6, 16), [/embargoed/]],
    ['506 $g today (its 00:00Z has passed)', [f506('2025-06-15')], undefined, []],
    ['506 $g in the past', [f506('19990101')], undefined, []],
    ['506 $g the latest future date counts', [f506('20280101'), f506('2031-03-01', '20290101')], day(2031, 3, 1), [/until 2031-03-01/]],
    ['506 $g malformed: no such month', [f506('2030-13-01')], undefined, [/506 \$g '2030-13-01' is not a date \(YYYYMMDD or YYYY-MM-DD\): ignored/]],
    ['506 $g malformed: no such day', [f506('20300230')], undefined, [/'20300230' is not a date/]],
    ['506 $g malformed: free text', [f506('sau 5 năm')], undefined, [/'sau 5 năm' is not a date/]],
    ['506 $g malformed: mixed form', [f506('2030-0101')], undefined, [/is not a date/]],
    ['506 $g malformed: year only', [f506('2030')], undefined, [/is not a date/]],
    ['506 $g malformed beside a good one', [f506('x', '20300101')], day(2030, 1, 1), [/'x' is not a date/, /embargoed until 2030-01-01/]],
    ['suppression wins over an embargo', [f506('20300101'), f942('1')], 'suppressed', [/^suppressed/]],
  ]
  for (const [name, fields, until, notes] of cases) {
    const w = marcWithholding(rec(...fields), NOW)
    t.equal(w.until, until, `${name}: until`)
    t.equal(w.notes.length, notes.length, `${name}: ${notes.length} note(s): ${JSON.stringify(w.notes)}`)
    notes.forEach((re, i) => t.match(w.notes[i], re, `${name}: note ${i + 1}`))
  }
})

t.test('availabilityDate', async t => {
  const cases: Array<[string, number | undefined]> = [
    ['20300101', day(2030, 1, 1)], ['2030-01-01', day(2030, 1, 1)], ['20240229', day(2024, 2, 29)],
    ['20230229', undefined], ['2030-1-1', undefined], ['203001011', undefined], ['', undefined], ['2030/01/01', undefined],
  ]
  for (const [value, us] of cases) t.equal(availabilityDate(value), us, JSON.stringify(value))
})
