import type { UpsertOutcome } from '../store/port.js'

/** At most this many rejects, repairs and derived ids are kept in a report (counts stay exact). */
export const REPORT_LIST_CAP = 10_000

export interface RejectInfo {
  readonly file: string
  readonly position: number // 1-based record number in the file
  readonly offset: number // byte offset (ISO 2709) or line (XML, JSON) of the record's start
  readonly reason: string
}

export interface RepairInfo {
  readonly file: string
  readonly position: number
  readonly id?: string
  readonly repairs: string[]
}

export interface ImportSummary {
  counts: { added: number, updated: number, unchanged: number, deleted: number, rejected: number }
  /** The first REPORT_LIST_CAP rejects (counts.rejected is the total). */
  rejects: RejectInfo[]
  /** The first REPORT_LIST_CAP repaired records (repairedRecords is the total). */
  repairs: RepairInfo[]
  repairedRecords: number
  /** Records without a local id (MARC 001 / OAI identifier), given a content-derived `h-…` id. */
  noIdRecords: number
  /** The first REPORT_LIST_CAP of those: file, position and the id given. */
  derivedIds: Array<{ file: string, position: number, id: string }>
  /** Records read (including rejected ones). */
  records: number
}

/** Accumulates an import's outcome with bounded memory. */
export class ImportReport {
  readonly counts = { added: 0, updated: 0, unchanged: 0, deleted: 0, rejected: 0 }
  private readonly rejects: RejectInfo[] = []
  private readonly repairs: RepairInfo[] = []
  private readonly derived: Array<{ file: string, position: number, id: string }> = []
  private repaired = 0
  private noIds = 0
  records = 0

  read (): void { this.records++ }

  count (outcome: UpsertOutcome): void { this.counts[outcome]++ }

  reject (r: RejectInfo): void {
    this.counts.rejected++
    if (this.rejects.length < REPORT_LIST_CAP) this.rejects.push(r)
  }

  repair (file: string, position: number, id: string | undefined, repairs: readonly string[]): void {
    this.repaired++
    if (this.repairs.length < REPORT_LIST_CAP) this.repairs.push(id === undefined ? { file, position, repairs: [...repairs] } : { file, position, id, repairs: [...repairs] })
  }

  noId (file: string, position: number, id: string): void {
    this.noIds++
    if (this.derived.length < REPORT_LIST_CAP) this.derived.push({ file, position, id })
  }

  summary (): ImportSummary {
    return {
      counts: { ...this.counts },
      rejects: [...this.rejects],
      repairs: [...this.repairs],
      repairedRecords: this.repaired,
      noIdRecords: this.noIds,
      derivedIds: [...this.derived],
      records: this.records,
    }
  }
}

/** The contract's one-line summary: `added N, updated N, unchanged N, deleted N, rejected N`. */
export function summaryLine (s: ImportSummary): string {
  const c = s.counts
  return `added ${c.added}, updated ${c.updated}, unchanged ${c.unchanged}, deleted ${c.deleted}, rejected ${c.rejected}`
}

/** One line per reject: where it is and why. */
export function rejectLine (r: RejectInfo): string {
  return `rejected: ${r.file}: record ${r.position} (offset ${r.offset}): ${r.reason}`
}

/**
 * Lines describing repairs and notes (a suppression, an embargo, an ignored 506 $g): a count and the
 * first `max` such records (all with max = Infinity).
 */
export function repairLines (s: ImportSummary, max: number): string[] {
  if (s.repairedRecords === 0) return []
  const out = [`repaired or noted ${s.repairedRecords} record${s.repairedRecords === 1 ? '' : 's'}${s.repairedRecords > max ? ` (first ${max} shown; --verbose for all${s.repairedRecords > s.repairs.length ? ` kept, ${s.repairs.length}` : ''})` : ''}:`]
  for (const r of s.repairs.slice(0, max)) out.push(`  ${r.file}: record ${r.position}${r.id !== undefined ? ` (${r.id})` : ''}: ${r.repairs.join('; ')}`)
  return out
}

/** Lines about records that had no local id. */
export function derivedIdLines (s: ImportSummary, max: number): string[] {
  if (s.noIdRecords === 0) return []
  const out = [`${s.noIdRecords} record${s.noIdRecords === 1 ? '' : 's'} had no local id (MARC 001 / OAI identifier): each was given a stable id derived from its content:`]
  for (const d of s.derivedIds.slice(0, max)) out.push(`  ${d.file}: record ${d.position} → ${d.id}`)
  return out
}
