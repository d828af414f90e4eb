import { SqliteCirculation } from './sqlite/adapter.js'
import type { IncomingRecord } from '../model/record.js'
import { recordHoldings, type RecordHoldings } from '../../mappings/marc21-holdings.js'

export type CirculationService = SqliteCirculation

/**
 * Opens libgate's own circulation on the embedded database file (the same file as the records;
 * its tables live in the 'circulation' migrations namespace). A `postgres://` URL is not supported yet.
 */
export function openCirculation (dbFile: string): CirculationService {
  return new SqliteCirculation(dbFile)
}

/**
 * The importFiles options that turn imported MARC holdings (852/952 with barcodes) into circulation
 * items as each batch commits: only what circulation needs of a record is kept until then.
 */
export function holdingsOnImport (circulation: CirculationService): { keep: (r: IncomingRecord) => RecordHoldings, onBatch: (h: readonly RecordHoldings[]) => Promise<void> } {
  return { keep: recordHoldings, onBatch: async (holdings) => { circulation.syncHoldings(holdings) } }
}
