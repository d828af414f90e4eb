import { dataFields, subfieldValues, type DataField, type MarcRecord } from '../src/model/marc.js'
import type { IncomingRecord, RecordId } from '../src/model/record.js'

/**
 * Copies (items) from the holdings a MARC record carries, for circulation (CONTRACT.md "items
 * import"): MARC 21 852 and Koha's 952 item field. A field without a barcode is not a circulating copy.
 */
export interface HoldingItem {
  readonly barcode: string
  readonly location: string
  readonly callNumber: string
  readonly status: 'available' | 'lost' | 'withdrawn'
}

/** Which subfields hold what, per field (MARC 21 Holdings 852; Koha's MARC 21 framework 952). */
export const HOLDINGS_MAP = [
  // 852 $b sublocation/collection, $c shelving location, $h classification part, $i item part, $p piece designation (barcode)
  { tag: '852', barcode: 'p', location: 'bc', callNumber: 'hi', lost: '', withdrawn: '' },
  // 952 $p barcode, $c shelving location ($a home branch when absent), $o full call number, $1 lost, $0 withdrawn (non-zero = set)
  { tag: '952', barcode: 'p', location: 'c', callNumber: 'o', lost: '1', withdrawn: '0' },
] as const

const TITLE_SUBFIELDS = 'abnp'

function joined (f: DataField, codes: string): string {
  return codes === '' ? '' : subfieldValues(f, codes).map((v) => v.trim()).filter((v) => v !== '').join(' ')
}

function flagSet (f: DataField, code: string): boolean {
  if (code === '') return false
  const v = subfieldValues(f, code)[0]?.trim()
  return v !== undefined && v !== '' && v !== '0'
}

/** Every copy the record's 852/952 fields describe; the first field wins for a repeated barcode. */
export function holdingsItems (marc: MarcRecord): HoldingItem[] {
  const out: HoldingItem[] = []
  const seen = new Set<string>()
  for (const row of HOLDINGS_MAP) {
    for (const f of dataFields(marc, row.tag)) {
      const barcode = subfieldValues(f, row.barcode)[0]?.trim() ?? ''
      if (barcode === '' || seen.has(barcode)) continue
      seen.add(barcode)
      let location = joined(f, row.location)
      if (location === '' && row.tag === '952') location = joined(f, 'a')
      const status = flagSet(f, row.withdrawn) ? 'withdrawn' : flagSet(f, row.lost) ? 'lost' : 'available'
      out.push({ barcode, location, callNumber: joined(f, row.callNumber), status })
    }
  }
  return out
}

/** The title a kiosk prints: 245 $a $b $n $p without ISBD's closing punctuation. */
export function recordTitle (marc: MarcRecord): string {
  const f = dataFields(marc, '245')[0]
  if (f === undefined) return ''
  return joined(f, TITLE_SUBFIELDS).replace(/\s*[/:;,.=]\s*$/, '')
}

/**
 * What circulation needs of an imported record: its identity, whether it was deleted, its title and
 * its copies. Small, so an import keeps this, not the record, until the record's batch is committed.
 */
export interface RecordHoldings {
  readonly id: RecordId
  readonly deleted: boolean
  readonly title: string
  readonly items: readonly HoldingItem[]
}

export function recordHoldings (r: IncomingRecord): RecordHoldings {
  const live = !r.deleted && r.marc !== null
  return { id: r.id, deleted: r.deleted, title: live ? recordTitle(r.marc!) : '', items: live ? holdingsItems(r.marc!) : [] }
}
