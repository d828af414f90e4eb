import { isIsil } from '../model/isil.js'
import { LibgateError } from '../errors.js'
import type { CsvRow } from './csv.js'
import { DEFAULT_RULE, type Rule } from './rules.js'
import type { ItemInput, PatronInput } from './sqlite/adapter.js'

/** Columns of the CSV files (CONTRACT.md "patrons import" / "items import"; README for rules). */
export const PATRON_COLUMNS = ['barcode', 'name', 'pin', 'category', 'expires', 'library'] as const
export const ITEM_COLUMNS = ['barcode', 'record', 'library', 'location', 'callnumber'] as const
/** Rule columns a file must have; the others default to DEFAULT_RULE. */
export const RULE_COLUMNS = ['library', 'category'] as const
export const RULE_CSV_COLUMNS = ['library', 'category', 'loan_days', 'max_loans', 'max_renewals', 'fine_per_day', 'max_fine', 'fee_limit', 'max_overdue', 'max_holds', 'hold_shelf_days', 'currency'] as const

export interface Rejected { readonly line: number, readonly reason: string }

export function requireColumns (header: readonly string[], need: readonly string[]): void {
  const missing = need.filter((c) => !header.includes(c))
  if (missing.length > 0) throw new LibgateError('LG_ERR_CSV', `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (the header row needs ${need.join(',')})`)
}

// Identifiers travel inside SIP2 fields: no delimiter, no control characters.
function sipSafe (v: string): boolean {
  return v.length <= 64 && !/[|\x00-\x1f]/.test(v)
}

function validDate (v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false
  const d = new Date(`${v}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v
}

function check (rows: readonly CsvRow[], f: (c: Readonly<Record<string, string>>) => string | null): { ok: CsvRow[], rejected: Rejected[] } {
  const ok: CsvRow[] = []
  const rejected: Rejected[] = []
  const seen = new Map<string, number>()
  for (const r of rows) {
    const reason = f(r.cells) ?? (seen.has(r.cells.barcode) ? `barcode '${r.cells.barcode}' repeats line ${String(seen.get(r.cells.barcode))}` : null)
    if (reason !== null) rejected.push({ line: r.line, reason })
    else { ok.push(r); if (r.cells.barcode !== undefined) seen.set(r.cells.barcode, r.line) }
  }
  return { ok, rejected }
}

export function patronRows (rows: readonly CsvRow[]): { rows: PatronInput[], rejected: Rejected[] } {
  const { ok, rejected } = check(rows, (c) => {
    if (c.barcode === '' || !sipSafe(c.barcode)) return `barcode '${c.barcode}' is empty or has | or control characters`
    if (c.name === '') return 'name is empty'
    if (c.category === '') return 'category is empty'
    if (!validDate(c.expires)) return `expires '${c.expires}' is not a date YYYY-MM-DD`
    if (!isIsil(c.library)) return `library '${c.library}' is not an ISIL (e.g. VN-HNLIB)`
    return null
  })
  return {
    rows: ok.map(({ cells: c }) => ({ barcode: c.barcode, name: c.name.normalize('NFC'), pin: c.pin, category: c.category, expires: c.expires, library: c.library, email: c.email || null, phone: c.phone || null })),
    rejected,
  }
}

export function itemRows (rows: readonly CsvRow[]): { rows: ItemInput[], rejected: Rejected[] } {
  const { ok, rejected } = check(rows, (c) => {
    if (c.barcode === '' || !sipSafe(c.barcode)) return `barcode '${c.barcode}' is empty or has | or control characters`
    if (c.record === '') return 'record (the MARC 001 of the record) is empty'
    if (!isIsil(c.library)) return `library '${c.library}' is not an ISIL (e.g. VN-HNLIB)`
    if (c.media !== undefined && c.media !== '' && !/^\d{3}$/.test(c.media)) return `media '${c.media}' is not a 3-digit SIP2 media type (001 book)`
    return null
  })
  return {
    rows: ok.map(({ cells: c }) => ({ barcode: c.barcode, record: c.record, library: c.library, location: c.location, callNumber: c.callnumber, title: (c.title ?? '').normalize('NFC'), media: c.media || '001' })),
    rejected,
  }
}

export function ruleRows (rows: readonly CsvRow[]): { rows: Rule[], rejected: Rejected[] } {
  const rejected: Rejected[] = []
  const out: Rule[] = []
  for (const { line, cells: c } of rows) {
    if (c.library !== '*' && !isIsil(c.library)) { rejected.push({ line, reason: `library '${c.library}' is neither * nor an ISIL` }); continue }
    if (c.category === '') { rejected.push({ line, reason: 'category is empty (use * for every category)' }); continue }
    const num = (col: string, dflt: number): number | string => {
      const v = c[col]
      if (v === undefined || v === '') return dflt
      return /^\d{1,9}$/.test(v) ? Number(v) : `${col} '${v}' is not a whole number`
    }
    const vals = {
      loanDays: num('loan_days', DEFAULT_RULE.loanDays), maxLoans: num('max_loans', DEFAULT_RULE.maxLoans), maxRenewals: num('max_renewals', DEFAULT_RULE.maxRenewals),
      finePerDay: num('fine_per_day', DEFAULT_RULE.finePerDay), maxFine: num('max_fine', DEFAULT_RULE.maxFine), feeLimit: num('fee_limit', DEFAULT_RULE.feeLimit),
      maxOverdue: num('max_overdue', DEFAULT_RULE.maxOverdue), maxHolds: num('max_holds', DEFAULT_RULE.maxHolds), holdShelfDays: num('hold_shelf_days', DEFAULT_RULE.holdShelfDays),
    }
    const bad = Object.values(vals).find((v) => typeof v === 'string')
    if (bad !== undefined) { rejected.push({ line, reason: bad as string }); continue }
    const currency = (c.currency ?? '') === '' ? DEFAULT_RULE.currency : c.currency.toUpperCase()
    if (!/^[A-Z]{3}$/.test(currency)) { rejected.push({ line, reason: `currency '${c.currency}' is not an ISO 4217 code` }); continue }
    out.push({ library: c.library, category: c.category, currency, ...(vals as Record<keyof typeof vals, number>) })
  }
  return { rows: out, rejected }
}
