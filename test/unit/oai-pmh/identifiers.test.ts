import t from 'tap'
import fc from 'fast-check'
import type { Isil } from '../../../src/model/isil.js'
import { oaiIdentifier, recordIdCandidates } from '../../../protocols/oai-pmh/identifiers.js'

const REPO = 'lib.example.vn'
const LOCAL_RE = /^oai:[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+:[a-zA-Z0-9\-_.!~*'();/?:@&=+$,%]+$/

t.test('identifiers follow the oai-identifier scheme and map back', async t => {
  const id = { isil: 'VN-HN' as Isil, localId: 'b 1/Việt"x%' }
  const s = oaiIdentifier(REPO, id)
  t.match(s, LOCAL_RE)
  t.same(recordIdCandidates(REPO, s), [id])
  t.same(recordIdCandidates(REPO, 'oai:other.org:VN-HN:1'), [])
  t.same(recordIdCandidates(REPO, `oai:${REPO}:nope`), [])
  t.same(recordIdCandidates(REPO, `oai:${REPO}:VN-HN:%zz`), [])
  t.same(recordIdCandidates(REPO, `oai:${REPO}:VN-HN:a%20b`), [{ isil: 'VN-HN', localId: 'a b' }])
  t.same(recordIdCandidates(REPO, `oai:${REPO}:VN-HN:a b`), [], 'only the canonical form names a record')
})

t.test('an ISIL with a colon gives every split as a candidate', async t => {
  const c = recordIdCandidates(REPO, `oai:${REPO}:VN-A:B:12`)
  t.same(c, [{ isil: 'VN-A', localId: 'B:12' }, { isil: 'VN-A:B', localId: '12' }])
})

t.test('round trip for any local id', async () => {
  fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), (localId) => {
    const id = { isil: 'VN-HN' as Isil, localId }
    const s = oaiIdentifier(REPO, id)
    return LOCAL_RE.test(s) && recordIdCandidates(REPO, s).some(c => c.isil === 'VN-HN' && c.localId === localId)
  }))
})
