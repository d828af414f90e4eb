// The diagnostics registry, tested as fastify tests its FST_ERR_* registry (STYLE.md P8).
import t from 'tap'
import { DIAGNOSTICS, DiagnosticError, diagnosticFor, type DiagnosticName } from '../../../mappings/diagnostics.js'
import { LibgateError } from '../../../src/errors.js'

const rows = Object.entries(DIAGNOSTICS) as Array<[DiagnosticName, typeof DIAGNOSTICS[DiagnosticName]]>

t.test('one row per condition: unique codes and SRU numbers', async t => {
  t.equal(new Set(rows.map(([, r]) => r.code)).size, rows.length, 'codes are unique')
  t.equal(new Set(rows.map(([, r]) => r.sru)).size, rows.length, 'SRU numbers are unique')
  for (const [name, r] of rows) {
    t.match(r.code, /^LG_ERR_[A-Z0-9_]+$/, name)
    t.ok(r.sru > 0 && r.bib1 > 0 && r.text.length > 0, name)
    const e = new DiagnosticError(name, 'd')
    t.equal(e.code, r.code)
    t.ok(e instanceof LibgateError)
    t.same(diagnosticFor(e), { name, row: r, message: r.text, details: 'd' })
  }
})

t.test('LoC/YAZ diag_map pairs', async t => {
  t.equal(DIAGNOSTICS.unsupportedIndex.bib1, 114)
  t.equal(DIAGNOSTICS.querySyntax.bib1, 108)
  t.equal(DIAGNOSTICS.firstRecordOutOfRange.bib1, 13)
  t.equal(DIAGNOSTICS.databaseDoesNotExist.bib1, 235)
  t.equal(DIAGNOSTICS.recordNotInSchema.bib1, 238)
  t.equal(DIAGNOSTICS.unknownSchema.bib1, 239)
})

t.test('store errors map by code; anything else is a general system error', async t => {
  t.match(diagnosticFor(new LibgateError('LG_ERR_UNSUPPORTED_INDEX', 'localId')), { name: 'unsupportedIndex', details: 'localId' })
  t.match(diagnosticFor(new LibgateError('LG_ERR_UNSUPPORTED_RELATION', 'within')), { name: 'unsupportedRelation' })
  t.match(diagnosticFor(new LibgateError('LG_ERR_UNSUPPORTED_MASKING', 'x')), { name: 'unsupportedMasking' })
  const sys = diagnosticFor(new TypeError('boom at /x/y.ts:1:2'))
  t.same(sys, { name: 'permanentSystemError', row: DIAGNOSTICS.permanentSystemError, message: 'General system error' })
})
