import { LibgateError } from '../errors.js'

/** One data row of a CSV file: its 1-based line number and its cells by header name. */
export interface CsvRow {
  readonly line: number
  readonly cells: Readonly<Record<string, string>>
}

/**
 * RFC 4180 CSV: a header row naming the columns, `"` quoting with `""` escapes, CR LF or LF line
 * ends, a UTF-8 BOM ignored. Blank lines are skipped. Throws LibgateError for an unclosed quote.
 */
export function parseCsv (text: string): { header: string[], rows: CsvRow[] } {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const records: Array<{ line: number, cells: string[] }> = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let start = 1
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') { cell += '"'; i++ } else quoted = false
      } else {
        if (c === '\n') line++
        cell += c
      }
    } else if (c === '"' && cell === '') {
      quoted = true
    } else if (c === ',') {
      cells.push(cell); cell = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++
      cells.push(cell)
      if (!(cells.length === 1 && cells[0].trim() === '')) records.push({ line: start, cells })
      cells = []; cell = ''; line++; start = line
    } else {
      cell += c
    }
  }
  if (quoted) throw new LibgateError('LG_ERR_CSV', `line ${start}: a quoted value is not closed`)
  cells.push(cell)
  if (!(cells.length === 1 && cells[0].trim() === '')) records.push({ line: start, cells })
  if (records.length === 0) throw new LibgateError('LG_ERR_CSV', 'the file is empty (a header row is needed)')
  const header = records[0].cells.map((h) => h.trim().toLowerCase())
  const rows = records.slice(1).map((r) => ({ line: r.line, cells: Object.fromEntries(header.map((h, i) => [h, (r.cells[i] ?? '').trim()])) }))
  return { header, rows }
}
