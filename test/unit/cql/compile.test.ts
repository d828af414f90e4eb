import t from 'tap'
import { parseCql } from '../../../protocols/sru/cql/parser.js'
import { compileCql } from '../../../protocols/sru/cql/compile.js'
import { DiagnosticError, DIAGNOSTICS } from '../../../mappings/diagnostics.js'
import { CQL_INDEXES, qualifiedName } from '../../../mappings/cql-indexes.js'

const c = (q: string) => compileCql(parseCql(q))

function diag (q: string): [number, string | undefined] {
  try { c(q) } catch (e) {
    if (e instanceof DiagnosticError) return [DIAGNOSTICS[e.condition].sru, e.details]
    throw e
  }
  throw new Error(`'${q}' compiled`)
}

t.test('a named result set: diagnostic 51, whatever its id (none is kept)', async t => {
  t.same(diag('cql.resultSetId = "abc"'), [51, 'abc'])
  t.same(diag('dc.title = kieu and cql.resultSetId = x1'), [51, 'x1'])
  t.same(diag('resultSetId = x1'), [16, 'resultSetId'], 'the default context set is dc, which has no such index')
  t.same(diag('> "info:srw/cql-context-set/1/cql-v1.2" resultSetId = x1'), [51, 'x1'], 'unless cql is made the default')
  t.same(diag('dc.resultSetId = x1'), [16, 'dc.resultSetId'], 'not in another set')
})

t.test('indexes and relations map onto the shared AST', async t => {
  t.same(c('dc.title = "truyen kieu"').query, { kind: 'term', index: 'title', match: 'phrase', term: 'truyen kieu', masking: false, accentSensitive: false })
  t.same(c('dc.title = truyen kieu').query, { kind: 'term', index: 'title', match: 'all', term: 'truyen kieu', masking: false, accentSensitive: false }, 'free-form words: all of them')
  t.match(c('title == "Truyện Kiều"').query, { match: 'exact', accentSensitive: true }, '== respects tone marks')
  t.match(c('title exact "Truyện Kiều"').query, { match: 'exact', accentSensitive: true })
  t.match(c('title ==/ignoreAccents "Truyen Kieu"').query, { match: 'exact', accentSensitive: false })
  t.match(c('title all/respectAccents "Kiều"').query, { match: 'all', accentSensitive: true })
  t.match(c('dc.creator any "du nguyen"').query, { index: 'author', match: 'any' })
  t.match(c('dc.subject adj "văn học"').query, { index: 'subject', match: 'phrase' })
  t.match(c('dc.date > 1900').query, { index: 'date', match: 'gt', term: '1900' })
  t.match(c('dc.date within "1900 1950"').query, { index: 'date', match: 'within' })
  t.match(c('dc.date <> 1900').query, { match: 'ne' })
  t.match(c('bath.isbn = 9786045867131').query, { index: 'isbn', match: 'exact' })
  t.match(c('libgate.library = VN-A').query, { index: 'library', match: 'exact', term: 'VN-A' })
  t.same(c('rec.identifier = "VN-A:123"').query, {
    kind: 'and',
    left: { kind: 'term', index: 'library', match: 'exact', term: 'VN-A', masking: false, accentSensitive: true },
    right: { kind: 'term', index: 'localId', match: 'exact', term: '123', masking: false, accentSensitive: true },
  })
  t.same(c('cql.allRecords = 1').query, { kind: 'all' })
  t.match(c('cql.allRecords = 1 not dc.title = fish').query, { kind: 'not', left: { kind: 'all' }, right: { index: 'title' } })
  t.match(c('kieu').query, { index: 'any', match: 'all' }, 'term-only: cql.serverChoice')
  t.match(c('> x = "info:srw/cql-context-set/1/dc-v1.1" x.title = a').query, { index: 'title' }, 'prefix assignment')
  t.match(c('> "http://zing.z3950.org/cql/bath/2.0/" isbn = 1').query, { index: 'isbn' }, 'default set changed')
  t.match(c('TITLE ANY fish').query, { index: 'title', match: 'any' }, 'names are case-insensitive')
})

t.test('masking', async t => {
  t.match(c('title = kie*').query, { term: 'kie*', masking: true })
  t.match(c('title = "ki?u"').query, { term: 'ki?u', masking: true })
  t.match(c('title = "^truyen"').query, { masking: true })
  t.match(c('title = "a\\*b"').query, { term: 'a*b', masking: false }, 'escaped * is literal')
  t.match(c('title =/unmasked "a*b"').query, { term: 'a*b', masking: false })
  t.match(c('title = "say \\"hi\\""').query, { term: 'say "hi"' })
})

t.test('sorting', async t => {
  t.same(c('a sortby dc.title/sort.descending dc.date').sort, [{ index: 'title', descending: true }, { index: 'date', descending: false }])
  t.same(c('a sortby dc.creator/missingLow').sort, [{ index: 'author', descending: false, missing: 'low' }])
})

t.test('every unsupported feature is its diagnostic', async t => {
  t.same(diag('foo.bar = x'), [15, 'foo'])
  t.same(diag('dc.nosuch = x'), [16, 'dc.nosuch'], 'details: the index name, not a Bib-1 number')
  t.same(diag('title foo.rel x'), [19, 'foo.rel'])
  t.same(diag('title encloses x'), [19, 'encloses'])
  t.same(diag('title < x'), [22, '<'])
  t.same(diag('title =/stem x'), [20, 'stem'])
  t.same(diag('title =/rel.algorithm=CORI x'), [20, 'rel.algorithm'])
  t.same(diag('title = "a\\b"'), [26, 'a\\b'])
  t.same(diag('title = ""'), [27, undefined])
  t.same(diag('title = *'), [29, '*'])
  t.same(diag('title = "a^b"'), [32, 'a^b'])
  t.same(diag('dc.date within 1900'), [36, '1900'])
  t.same(diag('a prox b'), [39, 'prox'])
  t.same(diag('a and/rel.sum b'), [46, 'rel.sum'])
  t.same(diag('a sortby dc.subject'), [88, 'dc.subject'])
  t.same(diag('a sortby title/respectCase'), [91, 'respectCase'])
  t.same(diag('a sortby title/sort.missingFail'), [92, 'sort.missingFail'])
  t.same(diag('a sortby title date title date title'), [84, '4'])
  t.same(diag('rec.identifier = nocolon'), [36, 'nocolon'])
  t.same(diag('cql.allRecords < 1'), [22, '<'])
})

t.test('every listed index compiles', async t => {
  for (const r of CQL_INDEXES) {
    const term = r.index === 'recordId' ? '"VN-A:1"' : '1'
    t.doesNotThrow(() => c(`${qualifiedName(r)} = ${term}`), qualifiedName(r))
    for (const a of r.aliases ?? []) t.doesNotThrow(() => c(`${r.set}.${a} = ${term}`), `${r.set}.${a}`)
  }
})
