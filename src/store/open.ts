import { SettingError } from '../errors.js'
import type { RecordStore } from './port.js'
import { openSqliteRecordStore } from './sqlite/record-store.js'

/** The store adapter named by the `--db` setting: a file path (SQLite) or, later, a postgres:// URL. */
export function openRecordStore (db: string): RecordStore {
  if (/^postgres(ql)?:\/\//.test(db)) {
    throw new SettingError('db', '--db / LIBGATE_DB: PostgreSQL is not supported by this version yet; give a SQLite file path')
  }
  return openSqliteRecordStore(db)
}
