// YAZ's CQL→XCQL corpus (indexdata/yaz test/cql2xcqlsample, 81 queries in 13 sections), compared
// the way YAZ's test/test_cql2xcql.sh does: per query, the XCQL on stdout and "Syntax error" on
// stderr must equal the expected <section>.<n>.out / .err files. See test/golden/cql/yaz/README.md.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseCql } from '../../../protocols/sru/cql/parser.js'
import { toXcql } from '../../../protocols/sru/cql/xcql.js'
import { DiagnosticError } from '../../../mappings/diagnostics.js'

const dir = resolve(import.meta.dirname, '../../golden/cql/yaz')
const lines = readFileSync(resolve(dir, 'cql2xcqlsample'), 'utf8').split('\n')

interface Case { id: string, query: string }
const cases: Case[] = []
let sec = 0
let no = 0
let comment = false
for (const line of lines) {
  if (line === '') continue // the driver's `for f in $(cat …)` with IFS=newline skips empty lines
  if (line.startsWith('#')) { comment = true; continue }
  if (comment) { sec++; no = 0 }
  comment = false
  no++
  cases.push({ id: `${sec}.${no}`, query: line })
}

t.equal(cases.length, 81, 'the corpus has 81 queries')
t.equal(sec, 13, 'in 13 sections')

function run (query: string): { out: string, err: string } {
  try {
    return { out: toXcql(parseCql(query), 'yaz'), err: '' }
  } catch (e) {
    if (e instanceof DiagnosticError && e.condition === 'querySyntax') return { out: '', err: 'Syntax error\n' }
    throw e
  }
}

let errors = 0
for (const c of cases) {
  const expectedOut = readFileSync(resolve(dir, `${c.id}.out`), 'utf8')
  const expectedErr = readFileSync(resolve(dir, `${c.id}.err`), 'utf8')
  const got = run(c.query)
  if (expectedErr !== '') errors++
  t.equal(got.out, expectedOut, `${c.id} out: ${c.query}`)
  t.equal(got.err, expectedErr, `${c.id} err: ${c.query}`)
}
t.equal(errors, 11, '11 of the queries are syntax errors')
