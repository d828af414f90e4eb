// The circulation CLI commands, run as main.ts runs them (without the other commands' modules).
import t from 'tap'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { circulationCommands } from '../../../src/cli/circulation.js'
import type { CommandContext } from '../../../src/cli/command.js'
import { loadSettings } from '../../../src/config/settings.js'
import { openCirculation } from '../../../src/circulation/open.js'

const ROOT = resolve(import.meta.dirname, '../../..')

function sink (): NodeJS.WriteStream & { text: string } {
  const s = { text: '', write (c: string) { s.text += c; return true } }
  return s as unknown as NodeJS.WriteStream & { text: string }
}

async function run (db: string, words: string[], args: string[], options: CommandContext['options'] = {}) {
  const cmd = circulationCommands.find((c) => c.words.join(' ') === words.join(' '))
  if (cmd === undefined) throw new Error(`no command ${words.join(' ')}`)
  const stdout = sink()
  const stderr = sink()
  const status = await cmd.run({ args, options, settings: loadSettings({ '--db': db }, {}), stdout, stderr })
  return { status, stdout: stdout.text, stderr: stderr.text }
}

t.test('patrons, items, rules, accounts', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-cli-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const db = join(dir, 'x.db')
  t.same(await run(db, ['patrons', 'import'], [join(ROOT, 'samples/patrons.csv')]), { status: 0, stdout: 'patrons: added 5, updated 0, rejected 0\n', stderr: '' })
  t.same(await run(db, ['patrons', 'import'], [join(ROOT, 'samples/patrons.csv')]), { status: 0, stdout: 'patrons: added 0, updated 5, rejected 0\n', stderr: '' }, 're-import updates by barcode')
  t.same(await run(db, ['items', 'import'], [join(ROOT, 'samples/items.csv')]), { status: 0, stdout: 'items: added 7, updated 0, rejected 0\n', stderr: '' })
  t.same(await run(db, ['rules', 'import'], [join(ROOT, 'samples/rules.csv')]), { status: 0, stdout: 'rules: set 3, rejected 0\n', stderr: '' })
  t.match((await run(db, ['rules', 'list'], [])).stdout, /^library,category,loan_days.*\n\*,\*,14,10,2,2000,100000,50000,3,5,7,VND\n\*,staff,30/)
  const add = await run(db, ['sip2', 'account', 'add'], [], { login: 'kiosk1', password: 's3cret', institution: 'VN-SAMPLE', 'allow-ip': ['127.0.0.1', '10.0.0.0/8'] })
  t.same(add, { status: 0, stdout: 'sip2 account kiosk1: added (institution VN-SAMPLE, utf-8, from 127.0.0.1 10.0.0.0/8)\n', stderr: '' })
  const list = await run(db, ['sip2', 'account', 'list'], [])
  t.equal(list.stdout, 'kiosk1\tVN-SAMPLE\tutf-8\tCR\t127.0.0.1,10.0.0.0/8\tchecksum-optional\n1 account\n')
  t.notMatch(list.stdout, /s3cret/)
  const strict = await run(db, ['sip2', 'account', 'add'], [], { login: 'kiosk2', password: 'x', institution: 'VN-SAMPLE', 'require-checksum': true })
  t.equal(strict.stdout, 'sip2 account kiosk2: added (institution VN-SAMPLE, utf-8, error detection required)\n')
  t.match((await run(db, ['sip2', 'account', 'list'], [])).stdout, /^kiosk2\tVN-SAMPLE\tutf-8\tCR\t\*\tchecksum-required$/m)
  const dev = openCirculation(db)
  const check = await dev.verifyDevice({ login: 'kiosk2', password: 'x', peer: '127.0.0.1' })
  t.equal(check.ok && check.account.requireChecksum, true, 'the login carries the switch to the SIP2 session')
  await dev.close()
  await run(db, ['sip2', 'account', 'add'], [], { login: 'kiosk2', password: 'x', institution: 'VN-SAMPLE' })
  t.match((await run(db, ['sip2', 'account', 'list'], [])).stdout, /^kiosk2\t.*\tchecksum-optional$/m, 'set again without the flag: optional')
  await t.rejects(run(db, ['sip2', 'account', 'add'], [], { login: 'k', password: 'p', institution: 'bad' }), { code: 'LG_ERR_USAGE', message: /--institution: 'bad' is not an ISIL/ })
  await t.rejects(run(db, ['sip2', 'account', 'add'], [], { login: 'k', password: 'p', institution: 'VN-A', charset: 'latin9' }), { message: /--charset/ })
  const circ = openCirculation(db)
  t.equal((await circ.patron({ institution: 'VN-SAMPLE', patronId: 'B0005' }))?.patron.blocks.expired, true, 'the sample has an expired card')
  t.equal((await circ.item({ institution: 'VN-SAMPLE', itemId: 'S000002-1' }))?.title, 'Số đỏ : tiểu thuyết')
  t.equal((await circ.patron({ institution: 'VN-SAMPLE', patronId: 'B0003' }))?.patron.limits.maxLoans, 5, 'student rule')
  await circ.close()
})

t.test('bad rows are reported with their line, the rest is loaded; unreadable files fail', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'libgate-cli-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const db = join(dir, 'x.db')
  const bad = join(dir, 'bad.csv')
  writeFileSync(bad, 'barcode,name,pin,category,expires,library\r\nX1,A,1,adult,2020-02-30,VN-A\r\n,B,1,a,2020-01-01,VN-A\r\n"X|2",C,1,a,2020-01-01,VN-A\r\nX3,"Doe, Jane",1,a,2029-01-01,VN-A\r\nX3,Again,1,a,2029-01-01,VN-A\r\nX4,D,1,a,2029-01-01,nope\r\n')
  const r = await run(db, ['patrons', 'import'], [bad])
  t.equal(r.status, 0)
  t.equal(r.stdout, 'patrons: added 1, updated 0, rejected 5\n')
  t.equal(r.stderr, [
    `${bad}:2: rejected: expires '2020-02-30' is not a date YYYY-MM-DD`,
    `${bad}:3: rejected: barcode '' is empty or has | or control characters`,
    `${bad}:4: rejected: barcode 'X|2' is empty or has | or control characters`,
    `${bad}:6: rejected: barcode 'X3' repeats line 5`,
    `${bad}:7: rejected: library 'nope' is not an ISIL (e.g. VN-HNLIB)`, ''].join('\n'))
  writeFileSync(bad, 'barcode,name\nX,Y\n')
  await t.rejects(run(db, ['patrons', 'import'], [bad]), { code: 'LG_ERR_CSV', message: /missing columns: pin, category, expires, library/ })
  await t.rejects(run(db, ['items', 'import'], [join(dir, 'none.csv')]), { code: 'LG_ERR_READ', message: /cannot read .*none\.csv: ENOENT/ })
  writeFileSync(bad, 'barcode,record,library,location,callnumber\n"unclosed,r,VN-A,,\n')
  await t.rejects(run(db, ['items', 'import'], [bad]), { message: /quoted value is not closed/ })
})
