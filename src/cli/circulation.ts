import type { Command, CommandContext } from './command.js'
import { LibgateError } from '../errors.js'
import { isIsil } from '../model/isil.js'
import type { CsvRow } from '../circulation/csv.js'
import { readCsvFile } from '../circulation/csv-file.js'
import { ITEM_COLUMNS, PATRON_COLUMNS, RULE_COLUMNS, RULE_CSV_COLUMNS, itemRows, patronRows, ruleRows, type Rejected } from '../circulation/import-rows.js'
import { openCirculation, type CirculationService } from '../circulation/open.js'
import { isSip2Charset, SIP2_CHARSETS } from '../../protocols/sip2/codec/charset.js'

async function withCirculation<T> (ctx: CommandContext, f: (c: CirculationService) => Promise<T>): Promise<T> {
  const circ = openCirculation(ctx.settings.db)
  try { return await f(circ) } finally { await circ.close() }
}

/**
 * One `<noun> import FILE.csv` command: the file's rows are checked by `check`, rejected rows are
 * reported on stderr with their line, the rest are stored by `store`, which returns the summary.
 */
function csvImportCommand<R> (noun: string, summary: string, need: readonly string[],
  check: (rows: CsvRow[]) => { rows: R[], rejected: Rejected[] },
  store: (c: CirculationService, rows: R[]) => Promise<string> | string): Command {
  return {
    words: [noun, 'import'],
    summary,
    usage: `libgate ${noun} import FILE.csv`,
    options: {},
    async run (ctx) {
      if (ctx.args.length !== 1) throw new LibgateError('LG_ERR_USAGE', 'give exactly one CSV file')
      const file = ctx.args[0]
      const { rows, rejected } = check(readCsvFile(file, need))
      for (const r of rejected) ctx.stderr.write(`${file}:${r.line}: rejected: ${r.reason}\n`)
      const done = await withCirculation(ctx, async (c) => await store(c, rows))
      ctx.stdout.write(`${noun}: ${done}, rejected ${rejected.length}\n`)
      return 0
    },
  }
}

export const patronsImportCommand = csvImportCommand('patrons',
  'load or update patrons for SIP2 from a CSV file (barcode,name,pin,category,expires,library[,email,phone])',
  PATRON_COLUMNS, patronRows, async (c, rows) => { const r = await c.upsertPatrons(rows); return `added ${r.added}, updated ${r.updated}` })

export const itemsImportCommand = csvImportCommand('items',
  'load or update items (copies) from a CSV file (barcode,record,library,location,callnumber[,title,media])',
  ITEM_COLUMNS, itemRows, (c, rows) => { const r = c.upsertItems(rows); return `added ${r.added}, updated ${r.updated}` })

export const rulesImportCommand = csvImportCommand('rules',
  'set circulation rules per library and patron category from a CSV file (see README)',
  RULE_COLUMNS, ruleRows, (c, rows) => `set ${c.upsertRules(rows)}`)

export const rulesListCommand: Command = {
  words: ['rules', 'list'],
  summary: 'print the circulation rules as CSV (the format rules import reads)',
  usage: 'libgate rules list',
  options: {},
  async run (ctx) {
    const rules = await withCirculation(ctx, async (c) => c.rules())
    ctx.stdout.write(`${RULE_CSV_COLUMNS.join(',')}\n`)
    for (const r of rules) ctx.stdout.write(`${[r.library, r.category, r.loanDays, r.maxLoans, r.maxRenewals, r.finePerDay, r.maxFine, r.feeLimit, r.maxOverdue, r.maxHolds, r.holdShelfDays, r.currency].join(',')}\n`)
    return 0
  },
}

export const sip2AccountAddCommand: Command = {
  words: ['sip2', 'account', 'add'],
  summary: 'add a SIP2 device (kiosk) account, or change its password and options',
  usage: 'libgate sip2 account add --login L --password P --institution ISIL [--require-checksum]',
  options: {
    login: { type: 'string', multiple: false, help: 'the login the kiosk sends in CN' },
    password: { type: 'string', multiple: false, help: 'the password the kiosk sends in CO (stored as a scrypt hash)' },
    institution: { type: 'string', multiple: false, help: 'ISIL of the library the kiosk belongs to (SIP2 AO)' },
    charset: { type: 'string', multiple: false, help: `character set: ${SIP2_CHARSETS.join(', ')} (default utf-8)` },
    terminator: { type: 'string', multiple: false, help: 'line end the kiosk expects: cr (the spec) or crlf (default cr)' },
    'allow-ip': { type: 'string', multiple: true, help: 'address or CIDR the kiosk may connect from (repeatable; default anywhere)' },
    'require-checksum': { type: 'boolean', multiple: false, help: 'error detection required: refuse messages without AY/AZ (SIP2 96); default: used when the kiosk sends them' },
  },
  async run (ctx) {
    const o = ctx.options
    const login = o.login as string | undefined
    const password = o.password as string | undefined
    const institution = o.institution as string | undefined
    if (login === undefined || login === '' || !/^[\x21-\x7e]{1,64}$/.test(login) || login.includes('|')) throw new LibgateError('LG_ERR_USAGE', '--login: give a login of printable ASCII without | (at most 64 characters)')
    if (password === undefined || password === '' || /[|\r\n\0]/.test(password)) throw new LibgateError('LG_ERR_USAGE', '--password: give a password without |, CR, LF')
    if (institution === undefined || !isIsil(institution)) throw new LibgateError('LG_ERR_USAGE', `--institution: '${institution ?? ''}' is not an ISIL (e.g. VN-HNLIB)`)
    const charset = (o.charset as string | undefined ?? 'utf-8').toLowerCase()
    if (!isSip2Charset(charset)) throw new LibgateError('LG_ERR_USAGE', `--charset: '${charset}' is not one of ${SIP2_CHARSETS.join(', ')}`)
    const term = (o.terminator as string | undefined ?? 'cr').toLowerCase()
    if (term !== 'cr' && term !== 'crlf') throw new LibgateError('LG_ERR_USAGE', `--terminator: '${term}' is not cr or crlf`)
    const allowIps = (o['allow-ip'] as string[] | undefined ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '')
    const requireChecksum = o['require-checksum'] === true
    const r = await withCirculation(ctx, (c) => c.upsertAccount({ login, password, institution, charset, terminator: term === 'crlf' ? 'CRLF' : 'CR', allowIps, requireChecksum }))
    ctx.stdout.write(`sip2 account ${login}: ${r} (institution ${institution}, ${charset}${allowIps.length > 0 ? `, from ${allowIps.join(' ')}` : ''}${requireChecksum ? ', error detection required' : ''})\n`)
    return 0
  },
}

export const sip2AccountListCommand: Command = {
  words: ['sip2', 'account', 'list'],
  summary: 'list SIP2 device accounts (never their passwords)',
  usage: 'libgate sip2 account list',
  options: {},
  async run (ctx) {
    const accounts = await withCirculation(ctx, async (c) => c.accounts())
    for (const a of accounts) ctx.stdout.write(`${a.login}\t${a.institution}\t${a.charset}\t${a.terminator}\t${a.allowIps.join(',') || '*'}\t${a.requireChecksum ? 'checksum-required' : 'checksum-optional'}\n`)
    ctx.stdout.write(`${accounts.length} account${accounts.length === 1 ? '' : 's'}\n`)
    return 0
  },
}

export const circulationCommands: Command[] = [patronsImportCommand, itemsImportCommand, rulesImportCommand, rulesListCommand, sip2AccountAddCommand, sip2AccountListCommand]
