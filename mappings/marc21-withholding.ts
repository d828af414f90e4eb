import { dataFields, subfieldValues, type MarcRecord } from '../src/model/marc.js'

/**
 * Which MARC fields keep a record from being served (research R-56, C-52): a withheld record is
 * served exactly as a deleted one until the library lifts the withholding. One row per subfield read;
 * `rule` names the tiny interpreter below that reads it.
 */
export interface WithholdingRow {
  readonly tag: string
  readonly code: string
  readonly rule: 'suppression-flag' | 'availability-date'
  readonly source: string
}

export const WITHHOLDING_MAP = [
  // Koha's "Suppress in OPAC" (authorised values YES_NO); its OPAC search leaves out Suppress=1 only.
  { tag: '942', code: 'n', rule: 'suppression-flag', source: 'Koha 942 $n: 1 = suppressed from the OPAC, 0 or absent = shown' },
  // MARC 21 506 $g Availability date: the date a restriction is lifted (repeatable: the last one counts).
  { tag: '506', code: 'g', rule: 'availability-date', source: 'MARC 21 506 $g: withheld until 00:00:00Z of that day' },
] as const satisfies readonly WithholdingRow[]

/** A record's withholding: as IncomingRecord.withheldUntil (undefined: served), with notes for the import report. */
export interface Withholding {
  readonly until: number | 'suppressed' | undefined
  readonly notes: readonly string[]
}

/** µs since the epoch of 00:00:00Z of a `YYYYMMDD` or `YYYY-MM-DD` date; undefined for anything else (or no such day). */
export function availabilityDate (value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (m === null) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(y, mo - 1, d)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined
  return ms * 1000
}

function isoDay (us: number): string {
  return new Date(us / 1000).toISOString().slice(0, 10)
}

/**
 * Whether `marc` is withheld at `nowUs` (µs since the epoch), by WITHHOLDING_MAP: a suppression
 * flag wins over any date; an availability date after now withholds until then (the latest of
 * several); a date already past, a malformed date or an unknown flag value withholds nothing
 * (malformed ones are noted).
 */
export function marcWithholding (marc: MarcRecord, nowUs: number): Withholding {
  const notes: string[] = []
  let suppressedBy: string | undefined
  let until: number | undefined
  let untilBy = ''
  for (const row of WITHHOLDING_MAP) {
    const where = `${row.tag} $${row.code}`
    for (const f of dataFields(marc, row.tag)) {
      for (const raw of subfieldValues(f, row.code)) {
        const value = raw.trim()
        switch (row.rule) {
          case 'suppression-flag':
            if (value === '1') suppressedBy ??= where
            else if (value !== '0' && value !== '') notes.push(`${where} '${value}' is neither 1 (suppressed) nor 0: not suppressed`)
            break
          case 'availability-date': {
            const at = availabilityDate(value)
            if (at === undefined) notes.push(`${where} '${value}' is not a date (YYYYMMDD or YYYY-MM-DD): ignored`)
            else if (at > nowUs && (until === undefined || at > until)) { until = at; untilBy = where }
            break
          }
        }
      }
    }
  }
  if (suppressedBy !== undefined) return { until: 'suppressed', notes: [...notes, `suppressed (${suppressedBy} = 1): served as a deleted record`] }
  if (until !== undefined) return { until, notes: [...notes, `embargoed until ${isoDay(until)} (${untilBy}): served as a deleted record until then`] }
  return { until: undefined, notes }
}
