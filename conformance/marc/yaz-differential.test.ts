// The MARC differential test against yaz-marcdump (issue 2 acceptance), run where yaz is certain to be
// installed. `npm test` runs the same cases but skips them on a machine without yaz, as CI's is when
// npm test runs; here a missing yaz-marcdump is a failure, not a skip.
import t from 'tap'
import { spawnSync } from 'node:child_process'

const yaz = spawnSync('yaz-marcdump', ['-V'], { encoding: 'utf8' })
t.ok(yaz.error === undefined && yaz.status === 0, 'yaz-marcdump is installed (conformance/setup.sh)')
await import('../../test/unit/marc/yaz-differential.test.js')
