import type { Statement } from 'better-sqlite3'
import { LibgateError, assertNever } from '../../errors.js'
import { LANGUAGE_NAMES, normalizeIsbn, normalizeIssn, type IndexEntry } from '../../../mappings/search-indexes.js'
import type { IndexName, Query, SortKey, TermQuery } from '../../search/ast.js'
import { COLUMN_INDEXES, contentEntries, HEAD_JOIN, headingSort, headPrefix, headToken, HEADING_INDEXES, isHeadingIndex, languageTerms, type HeadingIndex } from '../../search/index-doc.js'
import { foldWords, sortToken } from '../../search/keys.js'
import { exactWords, hasMask, isPrefixMask, termKeys, toGlob, toWordRegExp, tokenizeTerm } from '../../search/normalize.js'
import type { FacetCount, FacetOptions, ScanEntry, ScanOptions, SearchOptions } from '../port.js'
import { decodeBody } from './codec.js'
import type { Db } from './open.js'
import { HEADING_IDS, HIT_COLUMNS, RECORD_COLUMNS } from './schema.js'

/**
 * Query evaluation on SQLite (the search half of the store adapter). A query compiles to one SQL
 * statement yielding record ids:
 * - words (all / any / phrase, right truncation `kieu*`): FTS5 MATCH over folded words, one column
 *   per index (`any`: every column); FTS-only subtrees combine into one MATCH expression;
 * - left and inner masking (`*kieu`, `ki?u`): the masked word is expanded against the FTS vocabulary
 *   (at most MAX_EXPANSION words, else LG_ERR_TOO_MANY_TERMS); inside a phrase only right truncation
 *   is supported (LG_ERR_UNSUPPORTED_MASKING): FTS5 phrases cannot hold alternatives;
 * - `exact` on title/author/subject/publisher: the heading's own FTS token (whole field, folded);
 *   on code indexes (isbn, issn, identifier, date, language): a phrase in their column;
 * - comparisons: the headings table (Vietnamese order) for the heading indexes, the FTS vocabulary
 *   (code order) for the code indexes, the record itself for localId, library and datestamp;
 * - library and type: the record's sets; localId: its identity;
 * - accentSensitive: candidates as above, then lg_accent(), which re-reads the record and compares
 *   its words tone for tone (case still folded);
 * - and / or / not: SQL INTERSECT / UNION / EXCEPT.
 * Tombstones have no rows in the search tables and `deleted = 0` guards the rest: deleted records
 * never match.
 */
export const MAX_EXPANSION = 2000

/** A search hit as the store reads it (HIT_COLUMNS). */
export interface HitRow { readonly id: number, readonly isil: string, readonly local_id: string, readonly stamp: number }

const cmp = (a: string, b: string): number => a < b ? -1 : a > b ? 1 : 0

type Compiled =
  | { readonly kind: 'fts', readonly expr: string }
  | { readonly kind: 'sql', readonly sql: string, readonly params: readonly unknown[] }

const ALL_LIVE = 'SELECT id FROM records WHERE deleted = 0'
const NOTHING: Compiled = { kind: 'sql', sql: `${ALL_LIVE} AND 0`, params: [] }

function sql (text: string, params: readonly unknown[] = []): Compiled {
  return { kind: 'sql', sql: text, params }
}

function fail (code: `LG_ERR_${string}`, message: string): LibgateError {
  return new LibgateError(code, message)
}

const SORT_COLUMNS: Partial<Record<IndexName, string>> = {
  title: 'r.sort_title', author: 'r.sort_author', date: 'r.sort_date', localId: 'r.local_id', library: 'r.isil', datestamp: 'r.stamp',
}

/** datestamp terms: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ` → [start, end) in µs. */
export function datestampRange (term: string): [number, number] {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z?)?)?)?$/.exec(term.trim())
  if (m === null) throw fail('LG_ERR_BAD_TERM', `'${term}' is not a date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)`)
  const y = Number(m[1]); const mo = Number(m[2] ?? 1); const d = Number(m[3] ?? 1)
  const start = Date.UTC(y, mo - 1, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0))
  const end = m[6] !== undefined ? start + 1000 : m[3] !== undefined ? Date.UTC(y, mo - 1, d + 1) : m[2] !== undefined ? Date.UTC(y, mo, 1) : Date.UTC(y + 1, 0, 1)
  return [start * 1000, end * 1000]
}

function entriesOf (format: string, body: string, index: string): IndexEntry[] {
  const all = contentEntries(decodeBody(format, body))
  return index === 'any' ? all : all.filter(e => e.index === index)
}

function wordsAt (re: readonly RegExp[], words: readonly string[], at: number): boolean {
  for (let i = 0; i < re.length; i++) if (at + i >= words.length || !re[i].test(words[at + i])) return false
  return true
}

const regexCache = new Map<string, RegExp[]>()

/**
 * lg_accent(format, body, index, mode, tokens): does the record match `tokens` (exact words, masks
 * allowed) in `index` with tone marks and letters compared as written (`Bà` ≠ `Ba`)?
 */
export function accentMatch (format: string, body: string | null, index: string, mode: string, tokensJson: string): number {
  if (body === null) return 0
  let re = regexCache.get(tokensJson)
  if (re === undefined) {
    re = (JSON.parse(tokensJson) as string[]).map(toWordRegExp)
    if (regexCache.size > 100) regexCache.clear()
    regexCache.set(tokensJson, re)
  }
  const entries = entriesOf(format, body, index)
  if (mode === 'all' || mode === 'any') {
    const seen = re.map(() => false)
    for (const e of entries) {
      if (e.as === 'key') continue
      for (const w of exactWords(e.value)) re.forEach((r, i) => { if (!seen[i] && r.test(w)) seen[i] = true })
    }
    return (mode === 'all' ? seen.every(Boolean) : seen.some(Boolean)) ? 1 : 0
  }
  for (const e of entries) {
    if (mode === 'exact' ? e.as === 'words' : e.as === 'key') continue
    const words = exactWords(e.value)
    if (mode === 'exact') {
      if (words.length === re.length && wordsAt(re, words, 0)) return 1
      continue
    }
    for (let at = 0; at + re.length <= words.length; at++) if (wordsAt(re, words, at)) return 1
  }
  return 0
}

export class SqliteSearch {
  private readonly db: Db
  private readonly cache = new Map<string, Statement>()

  constructor (db: Db) {
    this.db = db
    db.function('lg_accent', { deterministic: true }, (format: unknown, body: unknown, index: unknown, mode: unknown, tokens: unknown) =>
      accentMatch(String(format), body === null ? null : String(body), String(index), String(mode), String(tokens)))
  }

  private statement (text: string): Statement {
    let st = this.cache.get(text)
    if (st === undefined) {
      st = this.db.prepare(text)
      if (this.cache.size >= 256) this.cache.delete(this.cache.keys().next().value as string)
      this.cache.set(text, st)
    }
    return st
  }

  // ----------------------------------------------------------------------------------------------
  // FTS building blocks

  /** Vocabulary terms in [lo, hi) matching `glob` (optionally in one column), at most MAX_EXPANSION. */
  private vocabTerms (lo: string, hi: string, glob: string | undefined, column?: string): string[] {
    const where = ['term >= ?', 'term < ?']
    const params: unknown[] = [lo, hi]
    if (glob !== undefined) { where.push('term GLOB ?'); params.push(glob) }
    if (column !== undefined) { where.push('col = ?'); params.push(column) }
    const table = column === undefined ? 'search_vocab' : 'search_vocab_col'
    const rows = this.statement(`SELECT term FROM ${table} WHERE ${where.join(' AND ')} LIMIT ?`).all(...params, MAX_EXPANSION + 1) as Array<{ term: string }>
    if (rows.length > MAX_EXPANSION) throw fail('LG_ERR_TOO_MANY_TERMS', `the term matches more than ${MAX_EXPANSION} index terms; make it more specific`)
    return rows.map(r => r.term)
  }

  /** A masked word (or heading token) expanded against the vocabulary into an FTS5 alternative. */
  private expand (pattern: string): string {
    const cut = pattern.search(/[\uE000\uE001]/u)
    const literal = cut < 0 ? pattern : pattern.slice(0, cut)
    const terms = this.vocabTerms(literal, literal + '\u{10FFFF}', toGlob(pattern))
    if (terms.length === 0) return '"\uE0FF"' // a token no record has: matches nothing
    return terms.length === 1 ? `"${terms[0]}"` : `(${terms.map(t => `"${t}"`).join(' OR ')})`
  }

  private ftsWord (word: string, inPhrase: boolean): string {
    if (!hasMask(word)) return `"${word}"`
    if (isPrefixMask(word)) return `"${word.slice(0, -1)}" *`
    if (/^[\uE000\uE001]+$/u.test(word)) throw fail('LG_ERR_UNSUPPORTED_MASKING', 'a word made only of masking characters is not supported')
    if (inPhrase) throw fail('LG_ERR_UNSUPPORTED_MASKING', 'left or inner masking inside a phrase or whole-field match is not supported; use right truncation (word*)')
    return this.expand(word)
  }

  private phrase (words: readonly string[]): string {
    return words.length === 1 ? this.ftsWord(words[0], false) : words.map(w => this.ftsWord(w, true)).join(' + ')
  }

  private inColumn (index: IndexName, expr: string): string {
    return index === 'any' ? expr : `{${index}} : (${expr})`
  }

  private accentFilter (inner: Compiled, index: IndexName, mode: string, term: TermQuery): Compiled {
    const tokens = tokenizeTerm(term.term, term.masking, true).words
    const c = this.toSql(inner)
    return sql(`SELECT id FROM records WHERE id IN (${c.sql}) AND lg_accent(format, body, ?, ?, ?)`, [...c.params, index, mode, JSON.stringify(tokens)])
  }

  // ----------------------------------------------------------------------------------------------
  // indexes answered from the record itself

  /** The ISILs of the store, by a skip scan over records_identity: one index seek per library. */
  libraries (): string[] {
    const next = this.statement('SELECT isil FROM records WHERE isil > ? ORDER BY isil LIMIT 1')
    const out: string[] = []
    for (let last = ''; ;) {
      const row = next.get(last) as { isil: string } | undefined
      if (row === undefined) return out
      out.push(row.isil)
      last = row.isil
    }
  }

  private identityIndex (t: TermQuery, part: string): Compiled {
    if (t.masking && /[*?]/.test(part)) {
      if (t.index !== 'localId') throw fail('LG_ERR_UNSUPPORTED_MASKING', `masking is not supported on the '${t.index}' index`)
      const glob = part.replace(/[[\]]/g, c => `[${c}]`)
      return sql(`${ALL_LIVE} AND local_id GLOB ?`, [glob])
    }
    const v = part.trim()
    if (t.index === 'localId') {
      const libs = this.libraries()
      if (libs.length === 0) return NOTHING
      return sql(`SELECT id FROM records WHERE isil IN (${libs.map(() => '?').join(', ')}) AND local_id = ? AND deleted = 0`, [...libs, v])
    }
    if (t.index === 'library') {
      const isil = this.libraries().find(l => l.toLowerCase() === v.toLowerCase())
      if (isil === undefined) return NOTHING
      return sql('SELECT record AS id FROM record_sets WHERE set_spec = ? AND deleted = 0', [`library:${isil}`])
    }
    return sql('SELECT record AS id FROM record_sets WHERE set_spec = ? AND deleted = 0', [`type:${foldWords(v)}`])
  }

  // ----------------------------------------------------------------------------------------------
  // relations

  private words (t: TermQuery): Compiled {
    if (t.index === 'datestamp') return this.comparison({ ...t, match: 'exact' })
    const parts = t.term.trim().split(/\s+/).filter(p => p !== '')
    if (parts.length === 0) return NOTHING
    if (t.index === 'library' || t.index === 'type' || t.index === 'localId') {
      if (t.match === 'phrase') return this.identityIndex(t, t.term)
      return parts.map(p => this.identityIndex(t, p)).reduce((a, b) => this.combine(t.match === 'all' ? 'and' : 'or', a, b))
    }
    if (!COLUMN_INDEXES.has(t.index) && t.index !== 'any') throw fail('LG_ERR_UNSUPPORTED_INDEX', `index '${t.index}' is not searchable`)
    if (!isHeadingIndex(t.index) && t.index !== 'any') {
      // Code indexes: each whitespace-separated part is one code (an ISBN with hyphens is one part).
      const wholeName = t.index === 'language' && LANGUAGE_NAMES[foldWords(t.term)] !== undefined // 'Tiếng Việt'
      const codes = t.match === 'phrase' || wholeName ? [t.term] : parts
      const each = codes.map(p => this.codeExpr(t, p))
      return { kind: 'fts', expr: this.inColumn(t.index, each.map(e => `(${e})`).join(t.match === 'all' ? ' AND ' : ' OR ')) }
    }
    const words = tokenizeTerm(t.term, t.masking, false).words
    if (words.length === 0) return NOTHING
    const expr = t.match === 'phrase'
      ? this.phrase(words)
      : words.map(w => this.ftsWord(w, false)).join(t.match === 'all' ? ' AND ' : ' OR ')
    let c: Compiled = { kind: 'fts', expr: this.inColumn(t.index, expr) }
    if (t.index === 'any' && /^[\dXx\s-]+$/.test(t.term.trim())) {
      // An ISBN or ISSN typed into `any` with hyphens is several words to FTS; find it whole too.
      const isbn = normalizeIsbn(t.term)
      const issn = normalizeIssn(t.term)
      if (isbn !== undefined) c = { kind: 'fts', expr: `(${c.expr}) OR {isbn} : "${isbn}"` }
      else if (issn !== undefined) c = { kind: 'fts', expr: `(${c.expr}) OR {issn} : "${issn.toLowerCase()}"` }
    }
    return t.accentSensitive ? this.accentFilter(c, t.index, t.match, t) : c
  }

  /** One code (ISBN, ISSN, identifier, year, language) as an FTS expression within its column. */
  private codeExpr (t: TermQuery, part: string): string {
    if (t.masking && /[*?]/.test(part.replace(/\\./g, ''))) return this.phrase(tokenizeTerm(part, true, false).words)
    const readings = t.index === 'language' ? languageTerms(part) : termKeys(t.index, part)
    const alts = readings.map(r => r.split(' ').filter(w => w !== '')).filter(w => w.length > 0).map(w => this.phrase(w))
    if (alts.length === 0) return '"\uE0FF"'
    return alts.length === 1 ? alts[0] : alts.map(a => `(${a})`).join(' OR ')
  }

  private exact (t: TermQuery): Compiled {
    if (t.index === 'datestamp') return this.comparison({ ...t, match: 'exact' })
    if (!isHeadingIndex(t.index) && t.index !== 'any') return this.words({ ...t, match: 'phrase' })
    const indexes: readonly HeadingIndex[] = t.index === 'any' ? HEADING_INDEXES : [t.index]
    const words = tokenizeTerm(t.term, t.masking, false).words
    if (words.length === 0) return NOTHING
    const masked = words.some(hasMask)
    const alts = indexes.map((i) => {
      if (!masked) return `"${headToken(i, words.join(' '))}"`
      return this.expand(headPrefix(i) + words.join(HEAD_JOIN))
    })
    const c: Compiled = { kind: 'fts', expr: `{heads} : (${alts.join(' OR ')})` }
    return t.accentSensitive ? this.accentFilter(c, t.index, 'exact', t) : c
  }

  private comparison (t: TermQuery): Compiled {
    const parts = t.term.trim().split(/\s+/)
    if (t.match === 'within' && parts.length !== 2) throw fail('LG_ERR_BAD_TERM', '`within` needs two values: "low high"')
    if (t.index === 'datestamp') {
      const [lo, hi] = datestampRange(parts[0])
      switch (t.match) {
        case 'lt': return sql(`${ALL_LIVE} AND stamp < ?`, [lo])
        case 'le': return sql(`${ALL_LIVE} AND stamp < ?`, [hi])
        case 'gt': return sql(`${ALL_LIVE} AND stamp >= ?`, [hi])
        case 'ge': return sql(`${ALL_LIVE} AND stamp >= ?`, [lo])
        case 'ne': return sql(`${ALL_LIVE} AND (stamp < ? OR stamp >= ?)`, [lo, hi])
        case 'within': return sql(`${ALL_LIVE} AND stamp >= ? AND stamp < ?`, [lo, datestampRange(parts[1])[1]])
        default: return sql(`${ALL_LIVE} AND stamp >= ? AND stamp < ?`, [lo, hi])
      }
    }
    if (t.match === 'ne') {
      const eq = this.toSql(this.exact(t))
      return sql(`${ALL_LIVE} EXCEPT SELECT id FROM (${eq.sql})`, eq.params)
    }
    const op = { lt: '<', le: '<=', gt: '>', ge: '>=', within: '' }[t.match as 'lt' | 'le' | 'gt' | 'ge' | 'within']
    if (isHeadingIndex(t.index)) {
      const idx = HEADING_IDS[t.index]
      if (t.match === 'within') return sql('SELECT DISTINCT record AS id FROM headings WHERE idx = ? AND skey >= ? AND skey <= ?', [idx, headingSort(parts[0]), headingSort(parts[1])])
      return sql(`SELECT DISTINCT record AS id FROM headings WHERE idx = ? AND skey ${op} ?`, [idx, headingSort(t.term)])
    }
    if (t.index === 'localId' || t.index === 'library') {
      const col = t.index === 'localId' ? 'local_id' : 'isil'
      if (t.match === 'within') return sql(`${ALL_LIVE} AND ${col} >= ? AND ${col} <= ?`, [parts[0], parts[1]])
      return sql(`${ALL_LIVE} AND ${col} ${op} ?`, [t.term.trim()])
    }
    if (t.index === 'isbn' || t.index === 'issn' || t.index === 'identifier' || t.index === 'date' || t.index === 'language') {
      // Codes compare as their index tokens (years: '1999' < '2000'; ISBNs as 13 digits).
      const norm = (s: string): string => (t.index === 'language' ? languageTerms(s)[0] : termKeys(t.index, s)[0]) ?? ''
      let lo = ''
      let hi = '\u{10FFFF}'
      let incLo = true
      let incHi = true
      if (t.match === 'within') { lo = norm(parts[0]); hi = norm(parts[1]) } else if (t.match === 'lt' || t.match === 'le') { hi = norm(t.term); incHi = t.match === 'le' } else { lo = norm(t.term); incLo = t.match === 'ge' }
      const terms = this.vocabTerms(lo, hi + (incHi ? '\u0000' : ''), undefined, t.index).filter(x => incLo || x !== lo)
      if (terms.length === 0) return NOTHING
      return { kind: 'fts', expr: `{${t.index}} : (${terms.map(x => `"${x}"`).join(' OR ')})` }
    }
    throw fail('LG_ERR_UNSUPPORTED_RELATION', `ordered comparison is not supported on the '${t.index}' index`)
  }

  private term (t: TermQuery): Compiled {
    switch (t.match) {
      case 'all': case 'any': case 'phrase': return this.words(t)
      case 'exact': return this.exact(t)
      case 'lt': case 'le': case 'gt': case 'ge': case 'ne': case 'within': return this.comparison(t)
      default: return assertNever(t.match)
    }
  }

  private combine (op: 'and' | 'or' | 'not', l: Compiled, r: Compiled): Compiled {
    if (l.kind === 'fts' && r.kind === 'fts') {
      return { kind: 'fts', expr: `(${l.expr}) ${op === 'and' ? 'AND' : op === 'or' ? 'OR' : 'NOT'} (${r.expr})` }
    }
    const a = this.toSql(l)
    const b = this.toSql(r)
    const setOp = op === 'and' ? 'INTERSECT' : op === 'or' ? 'UNION' : 'EXCEPT'
    return sql(`SELECT id FROM (${a.sql}) ${setOp} SELECT id FROM (${b.sql})`, [...a.params, ...b.params])
  }

  private compile (q: Query): Compiled {
    switch (q.kind) {
      case 'all': return sql(ALL_LIVE)
      case 'term': return this.term(q)
      case 'and': case 'or': case 'not': return this.combine(q.kind, this.compile(q.left), this.compile(q.right))
      default: return assertNever(q)
    }
  }

  private toSql (c: Compiled): { sql: string, params: readonly unknown[] } {
    if (c.kind === 'sql') return c
    return { sql: 'SELECT rowid AS id FROM search_text WHERE search_text MATCH ?', params: [c.expr] }
  }

  /** The SQL (and parameters) yielding the ids of the live records matching `q`. */
  matchSql (q: Query): { sql: string, params: readonly unknown[] } {
    return this.toSql(this.compile(q))
  }

  /**
   * The results of `q` in [offset, offset + limit) and their total. Rows are whole records
   * (RECORD_COLUMNS), or with `opts.records` hit rows for the whole page (id, isil, local_id, stamp)
   * and whole records for its first `opts.records` only.
   */
  search (q: Query, opts: SearchOptions): { total: number, rows: unknown[], hits?: HitRow[] } {
    const m = this.matchSql(q)
    const where: string[] = [`r.id IN (${m.sql})`]
    const order: string[] = []
    for (const k of opts.sort ?? []) order.push(...this.orderBy(k, where))
    order.push('r.id')
    // matchSql yields distinct live ids, so without a sort filter the count needs no look-up in
    // records: over a word it is FTS5's own doclist count (measured on 100k records, a title word of
    // about 5,000 hits: 0.7 ms against 12–15 ms through `records WHERE id IN (…)`).
    const count = (): number => ((where.length === 1
      ? this.statement(`SELECT count(*) AS n FROM (${m.sql})`)
      : this.statement(`SELECT count(*) AS n FROM records r WHERE ${where.join(' AND ')}`)).get(...m.params) as { n: number }).n
    if (opts.limit <= 0) return { total: count(), rows: [] }
    const columns = opts.records !== undefined ? HIT_COLUMNS : RECORD_COLUMNS
    // In id order (no sort keys) the page is cut from the ids before any record is read: FTS5 yields
    // rowids in order, so LIMIT/OFFSET stop its scan, where `records WHERE id IN (…)` first gathered
    // every matching id (measured, a title word of ~5,000 hits: a 10-record page 0.14 ms against
    // 0.94 ms, at offset 2,000 0.27 ms against 4.5 ms).
    const page = (where.length === 1 && order.length === 1
      ? this.statement(`SELECT ${columns} FROM (SELECT id FROM (${m.sql}) ORDER BY id LIMIT ? OFFSET ?) f JOIN records r ON r.id = f.id ORDER BY r.id`)
      : this.statement(`SELECT ${columns} FROM records r WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`)
    ).all(...m.params, opts.limit, opts.offset) as Array<{ id: number }>
    // A page cut short ends the result: its end is the total, and the count need not run again.
    const total = page.length > 0 && page.length < opts.limit ? opts.offset + page.length : count()
    if (opts.records === undefined) return { total, rows: page }
    const wanted = page.slice(0, opts.records).map(h => h.id)
    const byId = new Map((wanted.length === 0 ? [] : this.statement(`SELECT ${RECORD_COLUMNS} FROM records r WHERE r.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(wanted)) as Array<{ id: number }>).map(r => [r.id, r]))
    return { total, rows: wanted.map(id => byId.get(id)).filter(r => r !== undefined), hits: page as HitRow[] }
  }

  private orderBy (k: SortKey, where: string[]): string[] {
    const col = SORT_COLUMNS[k.index]
    if (col === undefined) throw fail('LG_ERR_UNSUPPORTED_SORT', `sorting by '${k.index}' is not supported (title, author, date, localId, library, datestamp)`)
    const dir = k.descending ? 'DESC' : 'ASC'
    const missing = k.missing ?? 'high'
    if (missing === 'omit') { where.push(`${col} IS NOT NULL`); return [`${col} ${dir}`] }
    // SQLite orders NULL lowest, which is 'low'; 'high' puts records without the value above all others.
    if (missing === 'high') return [`(${col} IS NULL) ${dir}`, `${col} ${dir}`]
    return [`${col} ${dir}`]
  }

  // ----------------------------------------------------------------------------------------------
  // facets

  /**
   * Exact counts per value over the whole result, in SQL: the matching ids are gathered once into a
   * temporary table, then each index is a GROUP BY over what the store already keeps per record
   * (identity, sets, sort date, subject headings) or, for language, one full-text count per code
   * in the language column's vocabulary. Display forms of subject headings are read back from one
   * record each, for the values returned only.
   */
  facets (q: Query, wanted: readonly FacetOptions[]): FacetCount[][] {
    if (wanted.length === 0) return []
    const m = this.matchSql(q)
    this.statement('DROP TABLE IF EXISTS temp.facet_ids').run()
    this.statement('CREATE TEMP TABLE facet_ids (id INTEGER PRIMARY KEY)').run()
    try {
      this.statement(`INSERT OR IGNORE INTO temp.facet_ids (id) SELECT id FROM (${m.sql})`).run(...m.params)
      return wanted.map(w => this.facet(w))
    } finally {
      this.statement('DROP TABLE IF EXISTS temp.facet_ids').run()
    }
  }

  /** One facet over the ids in temp.facet_ids. */
  private facet (opts: FacetOptions): FacetCount[] {
    const index = opts.index
    let rows: Array<{ value: string, key: string, n: number, rec?: number }>
    switch (index) {
      case 'library':
        rows = this.statement('SELECT r.isil AS value, r.isil AS key, count(*) AS n FROM temp.facet_ids f JOIN records r ON r.id = f.id GROUP BY r.isil').all() as typeof rows
        break
      case 'date':
        rows = this.statement('SELECT r.sort_date AS value, r.sort_date AS key, count(*) AS n FROM temp.facet_ids f JOIN records r ON r.id = f.id WHERE r.sort_date IS NOT NULL GROUP BY r.sort_date').all() as typeof rows
        break
      case 'type':
        rows = this.statement(`SELECT substr(s.set_spec, 6) AS value, substr(s.set_spec, 6) AS key, count(*) AS n FROM record_sets s JOIN temp.facet_ids f ON f.id = s.record
                               WHERE s.set_spec > 'type:' AND s.set_spec < 'type;' AND s.deleted = 0 GROUP BY s.set_spec`).all() as typeof rows
        break
      case 'subject':
        rows = this.statement('SELECT h.skey AS key, count(*) AS n, min(h.record) AS rec FROM headings h JOIN temp.facet_ids f ON f.id = h.record WHERE h.idx = ? GROUP BY h.skey')
          .all(HEADING_IDS.subject) as typeof rows
        break
      case 'language': {
        const codes = this.statement("SELECT term FROM search_vocab_col WHERE col = 'language'").all() as Array<{ term: string }>
        const count = this.statement('SELECT count(*) AS n FROM search_text s JOIN temp.facet_ids f ON f.id = s.rowid WHERE search_text MATCH ?')
        rows = codes.map(c => ({ value: c.term, key: c.term, n: (count.get(`language : "${c.term.replaceAll('"', '""')}"`) as { n: number }).n })).filter(r => r.n > 0)
        break
      }
      default: return assertNever(index)
    }
    // subject keys are Vietnamese sort tokens already; the other values get theirs here
    const keyed = rows.map(r => ({ ...r, key: index === 'subject' ? r.key : sortToken(r.value) }))
    keyed.sort(opts.order === 'count' ? (a, b) => b.n - a.n || cmp(a.key, b.key) : (a, b) => cmp(a.key, b.key))
    const page = keyed.slice(opts.offset, opts.offset + opts.limit)
    if (index !== 'subject') return page.map(r => ({ value: r.value, count: r.n }))
    return page.map(r => ({ value: this.headingDisplay('subject', r.rec!, r.key), count: r.n }))
  }

  /**
   * A heading as catalogued, read back from one record that has it: the headings table keeps only
   * sort tokens.
   */
  private headingDisplay (index: HeadingIndex, record: number, key: string): string {
    const row = this.statement('SELECT format, body FROM records WHERE id = ?').get(record) as { format: string, body: string | null } | undefined
    if (row?.body == null) return ''
    return entriesOf(row.format, row.body, index).find(e => e.as !== 'words' && headingSort(e.value, e.skip) === key)?.value ?? ''
  }

  // ----------------------------------------------------------------------------------------------
  // scan

  /**
   * Terms of an index in order around `from`, each with the number of live records carrying it:
   * `before` entries before the start point, `after` from it on (inclusive). Heading indexes list
   * whole headings in Vietnamese alphabetical order; code indexes list their index tokens; library
   * and type list the sets.
   */
  scan (opts: ScanOptions): ScanEntry[] {
    if (isHeadingIndex(opts.index)) return this.scanHeadings(opts.index, opts)
    if (opts.index === 'library' || opts.index === 'type') return this.scanSets(opts.index, opts)
    if (COLUMN_INDEXES.has(opts.index)) return this.scanCodes(opts)
    throw fail('LG_ERR_UNSUPPORTED_INDEX', `index '${opts.index}' cannot be scanned`)
  }

  private scanHeadings (index: HeadingIndex, opts: ScanOptions): ScanEntry[] {
    const idx = HEADING_IDS[index]
    const start = headingSort(opts.from)
    // A library's own terms: the headings B-tree walked in order, keeping that library's records.
    const lib = opts.library !== undefined ? 'JOIN records r ON r.id = h.record AND r.isil = ? ' : ''
    const libArgs = opts.library !== undefined ? [opts.library] : []
    const after = opts.after > 0
      ? this.statement(`SELECT h.skey AS skey, min(h.record) AS rec, count(*) AS n FROM headings h ${lib}WHERE h.idx = ? AND h.skey >= ? GROUP BY h.skey ORDER BY h.skey LIMIT ?`).all(...libArgs, idx, start, opts.after) as Array<{ skey: string, rec: number, n: number }>
      : []
    const before = opts.before > 0
      ? (this.statement(`SELECT h.skey AS skey, min(h.record) AS rec, count(*) AS n FROM headings h ${lib}WHERE h.idx = ? AND h.skey < ? GROUP BY h.skey ORDER BY h.skey DESC LIMIT ?`).all(...libArgs, idx, start, opts.before) as Array<{ skey: string, rec: number, n: number }>).reverse()
      : []
    return [...before, ...after].map(r => ({ term: this.headingDisplay(index, r.rec, r.skey), count: r.n }))
  }

  private scanCodes (opts: ScanOptions): ScanEntry[] {
    const col = opts.index
    const from = opts.index === 'language' ? (languageTerms(opts.from)[0] ?? '') : (termKeys(opts.index, opts.from)[0] ?? '')
    const q = (lo: string, hi: string, limit: number): Array<{ term: string, doc: number }> =>
      this.statement('SELECT term, doc FROM search_vocab_col WHERE col = ? AND term >= ? AND term < ? LIMIT ?').all(col, lo, hi, limit) as Array<{ term: string, doc: number }>
    // A library's own database: the vocabulary counts every library, so each term is counted again
    // in that library's records, and terms it does not have are passed over. At most MAX_EXPANSION
    // terms are counted per side: a library with few of a large vocabulary's terms (identifiers)
    // gets a shorter list rather than a scan that counts the whole vocabulary.
    const library = opts.library
    const inLibrary = library === undefined
      ? undefined
      : this.statement('SELECT count(*) AS n FROM search_text s JOIN records r ON r.id = s.rowid AND r.isil = ? WHERE search_text MATCH ?')
    const countIn = (term: string): number => (inLibrary!.get(library, `${col} : "${term.replaceAll('"', '""')}"`) as { n: number }).n
    let after: Array<{ term: string, doc: number }> = []
    if (opts.after > 0 && library === undefined) after = q(from, '\u{10FFFF}', opts.after)
    else if (opts.after > 0) {
      // the vocabulary read a page at a time until enough of its terms are the library's, or it ends
      const PAGE = 256
      let counted = 0
      for (let lo = from, first = true; counted < MAX_EXPANSION; first = false) {
        const page = q(lo, '\u{10FFFF}', PAGE)
        for (const r of first ? page : page.filter(x => x.term > lo)) {
          if (after.length >= opts.after || counted++ >= MAX_EXPANSION) break
          const n = countIn(r.term)
          if (n > 0) after.push({ term: r.term, doc: n })
        }
        if (after.length >= opts.after || page.length < PAGE) break
        lo = page[page.length - 1].term
      }
    }
    let before: Array<{ term: string, doc: number }> = []
    if (opts.before > 0) {
      // The vocabulary iterates forward only: widen the window back from `from` until it holds enough.
      for (let keep = from.length - 1; ; keep = Math.max(0, keep - 2)) {
        const lo = from.slice(0, Math.max(0, keep))
        const window = q(lo, from, MAX_EXPANSION * 50)
        if (library === undefined) before = window
        else {
          // the library's terms, counted from the start point backwards
          before = []
          for (let k = window.length - 1, counted = 0; k >= 0 && before.length < opts.before && counted < MAX_EXPANSION; k--, counted++) {
            const n = countIn(window[k].term)
            if (n > 0) before.unshift({ term: window[k].term, doc: n })
          }
        }
        if (before.length >= opts.before || lo === '') break
      }
      before = before.slice(-opts.before)
    }
    return [...before, ...after].map(r => ({ term: r.term, count: r.doc }))
  }

  private scanSets (index: 'library' | 'type', opts: ScanOptions): ScanEntry[] {
    const prefix = `${index}:`
    const rows = (opts.library === undefined
      ? this.statement('SELECT set_spec AS spec, sum(deleted = 0) AS n FROM record_sets WHERE set_spec > ? AND set_spec < ? GROUP BY set_spec').all(prefix, `${index};`)
      : this.statement(`SELECT s.set_spec AS spec, sum(s.deleted = 0) AS n FROM record_sets s JOIN records r ON r.id = s.record AND r.isil = ?
                        WHERE s.set_spec > ? AND s.set_spec < ? GROUP BY s.set_spec`).all(opts.library, prefix, `${index};`)) as Array<{ spec: string, n: number }>
    const entries = rows.filter(r => r.n > 0).map(r => ({ term: r.spec.slice(prefix.length), count: r.n }))
    const from = index === 'type' ? foldWords(opts.from) : opts.from
    const at = entries.findIndex(e => e.term.toLowerCase() >= from.toLowerCase())
    const pos = at < 0 ? entries.length : at
    return [...entries.slice(Math.max(0, pos - opts.before), pos), ...entries.slice(pos, pos + opts.after)]
  }

}

