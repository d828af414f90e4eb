import { readFileSync } from 'node:fs'
import { LibgateError } from '../errors.js'
import { parseCsv, type CsvRow } from './csv.js'
import { requireColumns } from './import-rows.js'

/**
 * Reads a circulation CSV file and checks its header has the `need` columns. Errors are
 * LibgateError (LG_ERR_READ, LG_ERR_CSV) with the file name in the message.
 */
export function readCsvFile (file: string, need: readonly string[]): CsvRow[] {
  let text: string
  try { text = readFileSync(file, 'utf8') } catch (e) { throw new LibgateError('LG_ERR_READ', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) }
  try {
    const { header, rows } = parseCsv(text)
    requireColumns(header, need)
    return rows
  } catch (e) {
    if (e instanceof LibgateError) throw new LibgateError(e.code, `${file}: ${e.message}`)
    throw e
  }
}
