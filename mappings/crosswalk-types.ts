/**
 * Row types of the declarative crosswalk tables (STYLE.md P11). A table is data a librarian can
 * review; each crosswalk module holds one small interpreter for its table.
 */
import type { DcElementName } from '../src/model/dc.js'

/**
 * How the selected subfields of one field become DC values:
 * - `field`: one value per field, the subfields joined by a space (the LoC `subfieldSelect` template);
 * - `subfield`: one value per subfield (653 keywords, 041 language codes);
 * - `first`: one value from the first selected subfield only. This is what the LoC stylesheets'
 *   `<xsl:value-of select="marc:subfield[@code='a']"/>` does: XSLT 1.0 takes the first node.
 */
export type CrosswalkSplit = 'field' | 'subfield' | 'first'

/** A row that maps data fields to one DC element. */
export interface FieldRow {
  /**
   * Tags this row reads, separated by spaces: `'245'`, `'100 110 111 700 710 711 720'`, a block
   * `'5XX'`. `'880/245'` is an alternate-script 880 field linked (by $6) to 245.
   */
  readonly tag: string
  /** Tags left out of a block (`'506 530 540 546'`). */
  readonly except?: string
  /** Only fields with this second indicator (264 `_1` is the publication statement). */
  readonly ind2?: string
  /** Subfield codes taken, in field order. Absent: every alphabetic subfield (the control subfields $0–$9 are not data). */
  readonly subfields?: string
  /** Default `field`. */
  readonly split?: CrosswalkSplit
  /** Subdivision codes appended as `--$v--$x…` (the LCSH display form SRW DC uses). */
  readonly subdivisions?: string
  /** Prepended to each value (`URN:ISBN:`). */
  readonly prefix?: string
  readonly dc: DcElementName
  /** Trailing ISBD punctuation (" /", " :", ",", ".") is removed unless the caller asks for raw values. */
  readonly isbd?: boolean
  /** Why this row differs from the LoC stylesheet, when it does. */
  readonly note?: string
}

/** Values that come from fixed positions or need a decision table rather than subfields. */
export type CrosswalkRule =
  | 'leader-type' // Leader/06-07 → type vocabulary ("text", "cartographic", … "collection", "manuscript")
  | 'language-008' // 008/35-37 when it is a code (not blank, not fill characters)

export interface RuleRow {
  readonly tag: 'LDR' | '008'
  readonly rule: CrosswalkRule
  readonly dc: DcElementName
  readonly note?: string
}

export type CrosswalkRow = FieldRow | RuleRow

export function isRuleRow (r: CrosswalkRow): r is RuleRow {
  return (r as RuleRow).rule !== undefined
}
