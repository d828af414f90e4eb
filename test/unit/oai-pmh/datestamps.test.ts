import t from 'tap'
import { formatSeconds, formatStamp, fromStamp, parseDatestamp, untilStamp } from '../../../protocols/oai-pmh/datestamps.js'

t.test('both granularities parse; bounds are inclusive and cover the whole day or second', async t => {
  const d = parseDatestamp('2024-01-02')!
  t.equal(d.granularity, 'day')
  t.equal(fromStamp(d), Date.UTC(2024, 0, 2) * 1000)
  t.equal(untilStamp(d), Date.UTC(2024, 0, 2, 23, 59, 59) * 1000 + 999_999)
  const s = parseDatestamp('2024-01-02T03:04:05Z')!
  t.equal(s.granularity, 'seconds')
  t.equal(fromStamp(s), Date.UTC(2024, 0, 2, 3, 4, 5) * 1000)
  t.equal(untilStamp(s), Date.UTC(2024, 0, 2, 3, 4, 5) * 1000 + 999_999)
})

t.test('illegal forms are refused', async t => {
  for (const bad of ['junk', '2024-01-02Z', '2024-01-02T03:04:05', '2024-01-02T03:04:05.5Z', '2024-01-02T03:04:05+07:00',
    '2024-1-2', '2024-02-30', '2023-02-29', '2024-13-01', '2024-01-02T24:00:00Z', '2024-01-02T23:60:00Z', '0000-01-01', ' 2024-01-02', '2024-01-02T03:04Z']) {
    t.equal(parseDatestamp(bad), undefined, bad)
  }
  t.ok(parseDatestamp('2024-02-29'), 'leap day')
})

t.test('stamps are shown at seconds granularity, truncated', async t => {
  t.equal(formatStamp(Date.UTC(2024, 0, 2, 3, 4, 5) * 1000 + 999_999), '2024-01-02T03:04:05Z')
  t.equal(formatSeconds(0), '1970-01-01T00:00:00Z')
})
