import t from 'tap'
import { parseCql } from '../../../protocols/sru/cql/parser.js'
import { toXcql } from '../../../protocols/sru/cql/xcql.js'
import { DiagnosticError, DIAGNOSTICS } from '../../../mappings/diagnostics.js'

function diag (q: string, limits?: Parameters<typeof parseCql>[1]): { sru: number, details?: string } {
  try {
    parseCql(q, limits)
  } catch (e) {
    if (e instanceof DiagnosticError) return { sru: DIAGNOSTICS[e.condition].sru, ...(e.details !== undefined ? { details: e.details } : {}) }
    throw e
  }
  throw new Error(`'${q}' parsed`)
}

t.test('syntax errors are diagnostic 10 with the character offset', async t => {
  t.same(diag('dc.title='), { sru: 10, details: '9' })
  t.same(diag('(aida'), { sru: 10, details: '5' })
  t.same(diag('a and'), { sru: 10, details: '5' })
  t.same(diag('a sortby'), { sru: 10, details: '8' })
  t.same(diag('title = "open'), { sru: 10, details: '8' }, 'unterminated quoted string')
  t.same(diag('(a sortby b)'), { sru: 10, details: '3' }, 'sortby only at top level')
  t.same(diag('a)'), { sru: 10, details: '1' })
})

t.test('limits: length 12, nesting 13, booleans 38', async t => {
  t.equal(diag('a'.repeat(9000)).sru, 12)
  t.equal(diag('('.repeat(100) + 'a' + ')'.repeat(100)).sru, 13)
  t.equal(diag(Array.from({ length: 300 }, (_, i) => `w${i}`).join(' or ')).sru, 38)
  t.equal(diag('a or b or c', { maxLength: 100, maxDepth: 10, maxBooleans: 1 }).sru, 38)
})

t.test('structure', async t => {
  const q = parseCql('dC.tiTlE Any/stem fish soRtbY Dc.TitlE/sort.descending')
  t.match(q.root, { kind: 'searchClause', index: 'dC.tiTlE', relation: 'Any', term: 'fish', modifiers: [{ name: 'stem' }] })
  t.same(q.sortKeys, [{ index: 'Dc.TitlE', modifiers: [{ name: 'sort.descending' }] }])
  const inh = parseCql('title = (a or "b c")')
  t.match(inh.root, { kind: 'triple', boolean: 'or', left: { index: 'title', term: 'a', quoted: false, implicitIndex: false }, right: { index: 'title', term: 'b c', quoted: true } })
  const ff = parseCql('truyen kieu')
  t.match(ff.root, { kind: 'searchClause', index: 'cql.serverChoice', term: 'truyen', extraTerms: ['kieu'], implicitIndex: true })
  const px = parseCql('> dc = "info:srw/cql-context-set/1/dc-v1.1" dc.title exact "x" and y')
  t.match(px.root, { kind: 'prefixed', name: 'dc', query: { kind: 'triple', left: { relation: 'exact' } } })
  const left = parseCql('a or b and c')
  t.match(left.root, { kind: 'triple', boolean: 'and', left: { kind: 'triple', boolean: 'or' } }, 'equal precedence, left-associative')
  for (const rel of ['=', '==', 'exact', 'any', 'all', 'adj', '<', '>', '<=', '>=', '<>', 'within', 'encloses']) {
    t.match(parseCql(`dc.date ${rel} "2001 2002"`).root, { relation: rel }, `relation ${rel}`)
  }
  t.match(parseCql('a prox/unit=word/distance>=2 b').root, { boolean: 'prox', modifiers: [{ name: 'unit', comparison: '=', value: 'word' }, { name: 'distance', comparison: '>=', value: '2' }] })
})

t.test('standard XCQL keeps prefixes and modifier order', async t => {
  const x = toXcql(parseCql('> dc = "info:srw/cql-context-set/1/dc-v1.1" dc.title any/stem/relevant fish'))
  t.match(x, /^<prefixes>\n {2}<prefix>\n {4}<name>dc<\/name>[^]*<\/prefixes>\n<searchClause>/, 'prefixes before the clause they scope (xcql.xsd operandType)')
  t.match(toXcql(parseCql('a and > x = "u" b')), /<rightOperand>\n {4}<prefixes>[^]*<\/prefixes>\n {4}<searchClause>/, 'inside an operand too')
  t.ok(x.indexOf('<type>stem</type>') < x.indexOf('<type>relevant</type>'))
  t.match(toXcql(parseCql('a b')), /<term>a b<\/term>/)
})
