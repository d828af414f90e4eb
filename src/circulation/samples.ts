import { readCsvFile } from './csv-file.js'
import { itemRows, patronRows, ruleRows, ITEM_COLUMNS, PATRON_COLUMNS, RULE_COLUMNS } from './import-rows.js'
import type { CirculationService } from './open.js'

/**
 * Loads the bundled circulation samples (rules, patrons, items) on a first start, through the same
 * row checks as `libgate patrons|items|rules import`. The samples are ours, so a rejected row is a bug:
 * it is returned for the caller to log rather than silently dropped.
 */
export async function loadCirculationSamples (circ: CirculationService, files: { rules: string, patrons: string, items: string }): Promise<{ patrons: number, items: number, rules: number, rejected: string[] }> {
  const rejected: string[] = []
  const rules = ruleRows(readCsvFile(files.rules, RULE_COLUMNS))
  const patrons = patronRows(readCsvFile(files.patrons, PATRON_COLUMNS))
  const items = itemRows(readCsvFile(files.items, ITEM_COLUMNS))
  for (const [f, r] of [[files.rules, rules.rejected], [files.patrons, patrons.rejected], [files.items, items.rejected]] as const) {
    for (const x of r) rejected.push(`${f}:${x.line}: ${x.reason}`)
  }
  const nRules = circ.upsertRules(rules.rows)
  const p = await circ.upsertPatrons(patrons.rows)
  const i = circ.upsertItems(items.rows)
  return { patrons: p.added + p.updated, items: i.added + i.updated, rules: nRules, rejected }
}
