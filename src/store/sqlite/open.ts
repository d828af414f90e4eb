import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { LibgateError } from '../../errors.js'

export type Db = Database.Database

/**
 * Opens (creating if needed) the embedded database with the settings every libgate part relies on:
 * WAL so readers never block the single writer, a busy timeout so an import in another process and
 * `serve` share the file, and foreign keys on.
 */
export function openSqlite (file: string, opts: { cacheMiB?: number } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  let db: Db
  try {
    db = new Database(file)
  } catch (e) {
    throw new LibgateError('LG_ERR_DB_OPEN', `cannot open database '${file}': ${(e as Error).message}`, { cause: e })
  }
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL') // durable at checkpoint; with WAL a crash loses no committed transaction's consistency
  db.pragma('busy_timeout = 10000')
  db.pragma('foreign_keys = ON')
  // Page cache per connection, in KiB; import runs three connections (store, writer thread, circulation).
  db.pragma(`cache_size = -${(opts.cacheMiB ?? 64) * 1024}`)
  db.pragma('temp_store = MEMORY')
  return db
}

export interface Migration {
  readonly version: number
  readonly sql: string
  /** Work SQL alone cannot do (functions of the application's own): run after `sql`, in its transaction. */
  readonly run?: (db: Db) => void
}

/**
 * Versioned migrations per namespace ('records', 'circulation', …) so each part of libgate owns its
 * tables. Each migration runs in its own transaction; a version is recorded only when its SQL succeeded.
 */
export function migrate (db: Db, namespace: string, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_versions (namespace TEXT PRIMARY KEY, version INTEGER NOT NULL)')
  const row = db.prepare('SELECT version FROM schema_versions WHERE namespace = ?').get(namespace) as { version: number } | undefined
  const current = row?.version ?? 0
  const sorted = [...migrations].sort((a, b) => a.version - b.version)
  for (const m of sorted) {
    if (m.version <= current) continue
    db.transaction(() => {
      db.exec(m.sql)
      m.run?.(db)
      db.prepare('INSERT INTO schema_versions (namespace, version) VALUES (?, ?) ON CONFLICT(namespace) DO UPDATE SET version = excluded.version').run(namespace, m.version)
    }).immediate()
  }
}
