// The CQL parser is total (STYLE.md P4): any string gives a query or a DiagnosticError, nothing else;
// and a parsed query's standard XCQL is well-formed enough to be re-read by the same token rules.
import t from 'tap'
import fc from 'fast-check'
import { parseCql } from '../../protocols/sru/cql/parser.js'
import { compileCql } from '../../protocols/sru/cql/compile.js'
import { toXcql } from '../../protocols/sru/cql/xcql.js'
import { DiagnosticError } from '../../mappings/diagnostics.js'

const token = fc.constantFrom('a', 'dc.title', 'title', '=', '==', 'any', 'all', 'adj', 'exact', 'within', '<', '>', '<=', '<>', '(', ')', '/', 'stem', 'and', 'or', 'not', 'prox', 'sortby', '"x y"', '"', '\\', '*', '?', '^', '>', 'foo.bar', 'cql.allRecords', '1', 'Truyện', ' ')
const queryish = fc.array(token, { maxLength: 30 }).map(ts => ts.join(' '))

function total (q: string): void {
  try {
    const parsed = parseCql(q)
    toXcql(parsed)
    toXcql(parsed, 'yaz')
    compileCql(parsed)
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e
  }
}

t.test('arbitrary strings: a query or a diagnostic', async t => {
  fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), q => { total(q) }), { numRuns: 3000 })
  t.pass()
})

t.test('CQL-shaped token soup: a query or a diagnostic', async t => {
  fc.assert(fc.property(queryish, q => { total(q) }), { numRuns: 5000 })
  t.pass()
})

t.test('deep and long inputs stay diagnostics, not stack overflows', async t => {
  for (const q of ['('.repeat(50000), '> a '.repeat(5000) + 'b', 'a = '.repeat(3000) + 'b', '"'.repeat(9999)]) {
    try { parseCql(q, { maxLength: 1e6, maxDepth: 64, maxBooleans: 256 }); t.fail(`parsed ${q.slice(0, 10)}`) } catch (e) { t.ok(e instanceof DiagnosticError && e.condition !== 'queryTooLong', String(e)) }
  }
})
