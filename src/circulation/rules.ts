import type { PatronBlocks } from './port.js'

/**
 * Circulation rules per (library, patron category). `*` matches any library or category; the most
 * specific row wins: (library, category) → (library, *) → (*, category) → (*, *). Amounts are in
 * the currency's minor units (VND has none: 2000 = 2,000 ₫).
 */
export interface Rule {
  readonly library: string
  readonly category: string
  readonly loanDays: number
  readonly maxLoans: number
  readonly maxRenewals: number
  readonly finePerDay: number
  /** Cap on one overdue fine (0: no cap). */
  readonly maxFine: number
  /** Fees owed above this block charging (0: no limit). */
  readonly feeLimit: number
  /** Overdue loans at or above this block charging (0: no limit). */
  readonly maxOverdue: number
  readonly maxHolds: number
  /** Days a trapped hold waits on the shelf. */
  readonly holdShelfDays: number
  readonly currency: string
}

/** The default row, used when the rules table has nothing more specific (documented in README). */
export const DEFAULT_RULE: Rule = {
  library: '*', category: '*', loanDays: 14, maxLoans: 10, maxRenewals: 2, finePerDay: 2000, maxFine: 100000,
  feeLimit: 50000, maxOverdue: 3, maxHolds: 5, holdShelfDays: 7, currency: 'VND',
}

export const RULE_COLUMNS = ['library', 'category', 'loanDays', 'maxLoans', 'maxRenewals', 'finePerDay', 'maxFine', 'feeLimit', 'maxOverdue', 'maxHolds', 'holdShelfDays', 'currency'] as const

/** Picks the most specific rule for a library and category. */
export function pickRule (rules: readonly Rule[], library: string, category: string): Rule {
  const order: Array<[string, string]> = [[library, category], [library, '*'], ['*', category], ['*', '*']]
  for (const [l, c] of order) {
    const r = rules.find((x) => x.library === l && x.category === c)
    if (r !== undefined) return r
  }
  return DEFAULT_RULE
}

const DAY = 86_400_000

/** Due date: `loanDays` after `from`, at the end of that local day (23:59:59). */
export function dueDate (from: number, loanDays: number): number {
  const d = new Date(from + loanDays * DAY)
  d.setHours(23, 59, 59, 0)
  return d.getTime()
}

/** The overdue fine for a copy due at `dueAt` and returned at `returnedAt` (whole days late). */
export function overdueFine (rule: Rule, dueAt: number, returnedAt: number): number {
  if (returnedAt <= dueAt) return 0
  const days = Math.ceil((returnedAt - dueAt) / DAY)
  const fine = days * rule.finePerDay
  return rule.maxFine > 0 ? Math.min(fine, rule.maxFine) : fine
}

export interface PatronFacts {
  readonly expires: string // YYYY-MM-DD
  readonly blocked: boolean
  readonly charged: number
  readonly overdue: number
  readonly finesOwed: number
  readonly feesOwed: number
}

function today (now: number): string {
  const d = new Date(now)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** Blocks of a patron under a rule at `now`. A card is valid through its expiry day. */
export function patronBlocks (rule: Rule, f: PatronFacts, now: number): PatronBlocks {
  return {
    expired: f.expires < today(now),
    blocked: f.blocked,
    tooManyCharged: rule.maxLoans > 0 && f.charged >= rule.maxLoans,
    tooManyOverdue: rule.maxOverdue > 0 && f.overdue >= rule.maxOverdue,
    excessiveFines: rule.feeLimit > 0 && f.finesOwed > rule.feeLimit,
    excessiveFees: rule.feeLimit > 0 && f.feesOwed > rule.feeLimit,
  }
}

/** Whether new loans, renewals and holds are refused. */
export function denials (b: PatronBlocks): { charge: boolean, renewal: boolean, hold: boolean } {
  const hard = b.expired || b.blocked || b.excessiveFees || b.tooManyOverdue
  return { charge: hard || b.tooManyCharged, renewal: hard, hold: b.expired || b.blocked || b.excessiveFees }
}

/** ISO 4217 minor units of the currencies a Vietnamese library meets; others default to 2. */
const MINOR: Record<string, number> = { VND: 0, JPY: 0, KRW: 0, USD: 2, EUR: 2, GBP: 2, AUD: 2, SGD: 2, CNY: 2, THB: 2 }

export function minorUnits (currency: string): number {
  return MINOR[currency] ?? 2
}

/** Minor units → decimal string with '.' and no grouping (FOLIO SIP2-300: locale-agnostic). */
export function formatAmount (minor: number, currency: string): string {
  const e = minorUnits(currency)
  if (e === 0) return String(minor)
  const neg = minor < 0 ? '-' : ''
  const s = String(Math.abs(minor)).padStart(e + 1, '0')
  return `${neg}${s.slice(0, -e)}.${s.slice(-e)}`
}

/** Decimal string ('2000', '1.50', '1,50') → minor units; undefined when not an amount. */
export function parseAmount (s: string, currency: string): number | undefined {
  const m = /^\s*(\d{1,15})(?:[.,](\d{1,4}))?\s*$/.exec(s)
  if (m === null) return undefined
  const e = minorUnits(currency)
  const frac = (m[2] ?? '').padEnd(e, '0')
  if (frac.length > e && /[1-9]/.test(frac.slice(e))) return undefined
  return Number(m[1]) * 10 ** e + (e === 0 ? 0 : Number(frac.slice(0, e)))
}
