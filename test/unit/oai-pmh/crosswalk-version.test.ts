import t from 'tap'
import { pino } from 'pino'
import { applyCrosswalkVersion } from '../../../protocols/oai-pmh/crosswalk-version.js'
import { seeded } from './fixtures.js'

t.test('a new crosswalk version moves every live datestamp once; deletions keep theirs', async t => {
  const store = seeded()
  const log = pino({ level: 'silent' })
  t.equal(await applyCrosswalkVersion(store, 'v1', log), 0, 'first start only records the version')
  t.equal(await applyCrosswalkVersion(store, 'v1', log), 0, 'same version: nothing moves')
  const before = new Map([...store.records].map(([k, r]) => [k, r.stamp]))
  t.equal(await applyCrosswalkVersion(store, 'v2', log), 6)
  for (const [k, r] of store.records) {
    if (r.deleted) t.equal(r.stamp, before.get(k), 'tombstone unchanged')
    else t.ok(r.stamp > before.get(k)!, 'live record moved')
  }
  t.equal(await applyCrosswalkVersion(store, 'v2', log), 0, 'and only once')
})
