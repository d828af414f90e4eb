import type { HeadingIndex } from '../../search/index-doc.js'
import type { Db, Migration } from './open.js'
import { rekeyV2Token } from './rekey.js'

/**
 * The record store's tables (namespace 'records'). Stamps are INTEGER microseconds, unique across
 * the store. Deleted records stay as tombstones (body dropped, sets kept) and leave the search tables.
 *
 * - records: one row per identity (isil, local_id); `sets` is the record's own sets (JSON); sort_*
 *   hold Vietnamese sort tokens (src/search/keys.ts) of the first title, author and year.
 * - record_sets: every set a record is in, with its ancestors ('library' for 'library:VN-X'), carrying
 *   the record's stamp so a set-restricted harvest is a keyset scan of the primary key (set_spec, stamp).
 * - search_text: FTS5 over folded words (src/search/index-doc.ts), contentless (the text lives in
 *   records.body), rowid = records.id. search_vocab / search_vocab_col expose its terms (masking
 *   expansion, code comparisons, scan of code indexes).
 * - headings: whole headings of title/author/subject/publisher by Vietnamese sort token (scan,
 *   ordered comparison); the display form is re-read from the record.
 * - write_intents: lowest stamp an in-flight write may commit (stableStamp across processes).
 * - version 3 re-keys headings and records.sort_* in today's one-byte sort tokens (rekey.ts).
 * - withheld_records (version 2): the live write a withheld record (suppressed, or under embargo
 *   until `until` µs; NULL until = suppressed) would make, parked beside the tombstone that every
 *   reader sees instead (records.deleted = 1). A release applies it through the batch writer.
 *
 * Measured on 100k synthetic records: a separate table of folded keys with a second index on sort
 * keys cost more than the whole FTS index (two random B-tree inserts per value), so exact matching
 * goes through one FTS token per heading and only the four heading indexes keep a B-tree.
 */
export const RECORD_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        isil TEXT NOT NULL,
        local_id TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('marc21', 'dc')),
        body TEXT,
        hash TEXT NOT NULL,
        stamp INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        sets TEXT NOT NULL,
        provenance TEXT,
        sort_title TEXT,
        sort_author TEXT,
        sort_date TEXT
      );
      CREATE UNIQUE INDEX records_identity ON records (isil, local_id);
      CREATE UNIQUE INDEX records_stamp ON records (stamp);
      CREATE INDEX records_tombstones ON records (stamp) WHERE deleted = 1;
      CREATE TABLE record_sets (
        set_spec TEXT NOT NULL,
        stamp INTEGER NOT NULL,
        record INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (set_spec, stamp)
      ) WITHOUT ROWID;
      CREATE TABLE headings (
        idx INTEGER NOT NULL,
        skey TEXT NOT NULL,
        record INTEGER NOT NULL,
        PRIMARY KEY (idx, skey, record)
      ) WITHOUT ROWID;
      CREATE VIRTUAL TABLE search_text USING fts5 (
        title, author, subject, publisher, isbn, issn, identifier, date, language, other, heads,
        content = '', contentless_delete = 1, tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"
      );
      CREATE VIRTUAL TABLE search_vocab USING fts5vocab (search_text, 'row');
      CREATE VIRTUAL TABLE search_vocab_col USING fts5vocab (search_text, 'col');
      CREATE TABLE write_intents (id INTEGER PRIMARY KEY, stamp INTEGER NOT NULL, created INTEGER NOT NULL);
      CREATE TABLE record_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE withheld_records (
        record INTEGER PRIMARY KEY REFERENCES records (id),
        until INTEGER,
        format TEXT NOT NULL CHECK (format IN ('marc21', 'dc')),
        body TEXT NOT NULL,
        hash TEXT NOT NULL,
        sets TEXT NOT NULL,
        provenance TEXT
      );
      CREATE INDEX withheld_due ON withheld_records (until) WHERE until IS NOT NULL;
    `,
  },
  {
    version: 3,
    sql: `
      CREATE TABLE headings_v3 (
        idx INTEGER NOT NULL,
        skey TEXT NOT NULL,
        record INTEGER NOT NULL,
        PRIMARY KEY (idx, skey, record)
      ) WITHOUT ROWID;
    `,
    run: rekeyStore,
  },
]

/**
 * Migration 3: the conversion keeps the order, so reading the old table in key order appends to the
 * new one; the sort columns are rewritten in place.
 */
function rekeyStore (db: Db): void {
  db.function('libgate_rekey_v2', { deterministic: true }, (s: unknown) => typeof s === 'string' ? rekeyV2Token(s) : s)
  db.exec(`
    INSERT INTO headings_v3 (idx, skey, record) SELECT idx, libgate_rekey_v2(skey), record FROM headings ORDER BY idx, skey, record;
    DROP TABLE headings;
    ALTER TABLE headings_v3 RENAME TO headings;
    UPDATE records SET sort_title = libgate_rekey_v2(sort_title), sort_author = libgate_rekey_v2(sort_author)
      WHERE sort_title IS NOT NULL OR sort_author IS NOT NULL;
  `)
}

/**
 * The columns of a record as the store hands it out (record-store.ts rowToStored). The body comes as
 * its UTF-8 bytes, not a string: renderers that work on bytes (a MARCXML harvest) take them as they
 * are, and the rest decode them once.
 */
export const RECORD_COLUMNS = 'r.id, r.isil, r.local_id, r.format, CAST(r.body AS BLOB) AS body, r.hash, r.stamp, r.deleted, r.sets, r.provenance'

/** A search hit's columns: what a result set keeps, without reading the body (SqliteSearch.search). */
export const HIT_COLUMNS = 'r.id, r.isil, r.local_id, r.stamp'

/** Stored numbers of the heading indexes in `headings.idx` (never renumber: they are in the database). */
export const HEADING_IDS: Readonly<Record<HeadingIndex, number>> = { title: 1, author: 2, subject: 3, publisher: 4 }
