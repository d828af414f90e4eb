import type { Migration } from '../../store/sqlite/open.js'

/** Migrations of the 'circulation' namespace, in the same database file as the records. */
export const CIRCULATION_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE circ_patrons (
  barcode TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  pin_hash TEXT,
  category TEXT NOT NULL,
  expires TEXT NOT NULL,
  library TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  blocked TEXT,
  updated INTEGER NOT NULL
);
CREATE TABLE circ_items (
  barcode TEXT PRIMARY KEY,
  library TEXT NOT NULL,
  record TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  callnumber TEXT NOT NULL DEFAULT '',
  media TEXT NOT NULL DEFAULT '001',
  status TEXT NOT NULL DEFAULT 'available',
  source TEXT NOT NULL,
  properties TEXT,
  current_location TEXT,
  updated INTEGER NOT NULL
);
CREATE INDEX circ_items_record ON circ_items (library, record);
CREATE TABLE circ_loans (
  id INTEGER PRIMARY KEY,
  item TEXT NOT NULL REFERENCES circ_items (barcode),
  patron TEXT NOT NULL REFERENCES circ_patrons (barcode),
  library TEXT NOT NULL,
  out_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  renewals INTEGER NOT NULL DEFAULT 0,
  changed_at INTEGER NOT NULL,
  returned_at INTEGER
);
-- At most one open loan per copy: a second checkout can never create a second loan.
CREATE UNIQUE INDEX circ_loans_open_item ON circ_loans (item) WHERE returned_at IS NULL;
CREATE INDEX circ_loans_open_patron ON circ_loans (patron, due_at) WHERE returned_at IS NULL;
CREATE INDEX circ_loans_item ON circ_loans (item, id);
CREATE TABLE circ_holds (
  id INTEGER PRIMARY KEY,
  patron TEXT NOT NULL REFERENCES circ_patrons (barcode),
  library TEXT NOT NULL,
  record TEXT NOT NULL,
  item TEXT,
  pickup TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  status TEXT NOT NULL DEFAULT 'pending',
  trapped_item TEXT,
  shelf_expires_at INTEGER
);
CREATE INDEX circ_holds_record ON circ_holds (library, record, status, id);
CREATE INDEX circ_holds_patron ON circ_holds (patron, status);
CREATE TABLE circ_fees (
  id INTEGER PRIMARY KEY,
  patron TEXT NOT NULL REFERENCES circ_patrons (barcode),
  loan INTEGER,
  item TEXT,
  type TEXT NOT NULL,
  amount INTEGER NOT NULL,
  paid INTEGER NOT NULL DEFAULT 0,
  currency TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX circ_fees_patron ON circ_fees (patron) WHERE paid < amount;
CREATE TABLE circ_payments (
  id INTEGER PRIMARY KEY,
  patron TEXT NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  payment_type TEXT NOT NULL,
  fee_type TEXT NOT NULL,
  device_txn TEXT,
  at INTEGER NOT NULL
);
CREATE TABLE circ_rules (
  library TEXT NOT NULL,
  category TEXT NOT NULL,
  loan_days INTEGER NOT NULL,
  max_loans INTEGER NOT NULL,
  max_renewals INTEGER NOT NULL,
  fine_per_day INTEGER NOT NULL,
  max_fine INTEGER NOT NULL,
  fee_limit INTEGER NOT NULL,
  max_overdue INTEGER NOT NULL,
  max_holds INTEGER NOT NULL,
  hold_shelf_days INTEGER NOT NULL,
  currency TEXT NOT NULL,
  PRIMARY KEY (library, category)
);
INSERT INTO circ_rules VALUES ('*', '*', 14, 10, 2, 2000, 100000, 50000, 3, 5, 7, 'VND');
CREATE TABLE sip2_accounts (
  login TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  institution TEXT NOT NULL,
  charset TEXT NOT NULL DEFAULT 'utf-8',
  terminator TEXT NOT NULL DEFAULT 'CR',
  allow_ips TEXT NOT NULL DEFAULT '[]',
  created INTEGER NOT NULL
);
-- The replay cache: a transaction's stored result by its content key (exactly-once under retries).
CREATE TABLE circ_replay (
  key TEXT PRIMARY KEY,
  result TEXT NOT NULL,
  expires INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX circ_replay_expires ON circ_replay (expires);
`,
  },
  {
    version: 2,
    sql: `
-- Trapped holds by shelf expiry: the sweep that expires them and the earliest expiry to wait for.
CREATE INDEX circ_holds_shelf ON circ_holds (shelf_expires_at) WHERE status = 'waiting';
-- Per device account: requests without AY/AZ are refused (research/sip2.md §1.4, FOLIO errorDetectionEnabled).
ALTER TABLE sip2_accounts ADD COLUMN require_checksum INTEGER NOT NULL DEFAULT 0;
`,
  },
]
