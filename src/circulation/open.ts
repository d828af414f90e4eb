import { SqliteCirculation } from './sqlite/adapter.js'

export type CirculationService = SqliteCirculation

/**
 * Opens libgate's own circulation on the embedded database file (the same file as the records;
 * its tables live in the 'circulation' migrations namespace). A `postgres://` URL is not supported yet.
 */
export function openCirculation (dbFile: string): CirculationService {
  return new SqliteCirculation(dbFile)
}
