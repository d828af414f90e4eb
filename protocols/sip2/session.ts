import { createHash } from 'node:crypto'
import type { DeviceAccount, PatronList, Sip2Backend } from '../../src/circulation/port.js'
import { ProtocolError } from '../../src/errors.js'
import { decodeText, encodeText, isSip2Charset, type Sip2Charset } from './codec/charset.js'
import { appendTrailer, readTrailer } from './codec/checksum.js'
import { formatSipDate, parseSipDate } from './codec/date.js'
import { formatSip2, type AnySip2Out } from './codec/format.js'
import { SECRET_FIELDS, SIP2_MESSAGES, isRequestCode, isSip2Code } from './codec/messages.js'
import { field, parseSip2, type AnySip2Message, type Sip2Message } from './codec/parse.js'
import { CIRCULATION_STATUS, acsStatus, count4, dueField, itemTitle, negative, patronStatus, screen, yn } from './responses.js'
import type { LoginThrottle } from './throttle.js'

export interface SessionOptions {
  /** Messages other than 93 (and 97) are refused until a device account has logged in. */
  readonly loginRequired: boolean
  readonly throttle: LoginThrottle
  /** Peer address, for the login throttle and the account's IP allow-list. */
  readonly peer: string
  /** 98 timeout period in tenths of a second. */
  readonly timeoutPeriod?: string
  readonly now?: () => number
}

/** What one message did, for the transaction log line (never a field value). */
export interface Outcome {
  readonly code: string
  readonly type: string
  readonly institution: string
  readonly outcome: 'ok' | 'refused' | 'resend' | 'duplicate' | 'bad-checksum' | 'checksum-required' | 'ignored' | 'denied' | 'malformed' | 'error'
  readonly error?: unknown
}

export interface FrameResult {
  /** Bytes to write (terminator included), or null for no answer (unknown command). */
  readonly response: Buffer | null
  readonly outcome: Outcome
}

type Reply = { readonly out: AnySip2Out, readonly outcome: Outcome['outcome'] }

/** Commands that change circulation state: their results are replayed for a repeated request. */
const MUTATING = new Set(['11', '09', '29', '65', '37', '15', '01', '25', '19'])

/** Said on the 98 of an account that requires error detection (the 98 has no field for it). */
const CHECKSUM_REQUIRED = 'Error detection required: send AY and AZ'

/** Commands whose repeat is not harmless by state (a second renewal, a second payment): keyed even without a date. */
const UNDATED_KEYED = new Set(['29', '65', '37'])

/** How long a request without a transaction date is recognised as a resend (issue 5). */
export const UNDATED_WINDOW_MS = 60_000

/** Failed logins from one address, over all logins, before it is slowed down. */
const IP_FREE_FAILURES = 50

const SUMMARY: readonly PatronList[] = ['hold', 'overdue', 'charged', 'fine', 'recall', 'unavailable-hold']
const SUMMARY_FIELD = ['AS', 'AT', 'AU', 'AV', 'BU', 'CD'] as const

/**
 * One SIP2 connection's state and logic (STYLE.md P2: decoded in, decoded out; no I/O of its own).
 * `handleFrame` does what the spec asks of raw bytes — error detection, 97 resend, duplicates,
 * character sets — and `handle` answers a decoded message through the circulation port.
 */
export class Sip2Session {
  account: DeviceAccount | undefined
  private charset: Sip2Charset = 'utf-8'
  private terminator = '\r'
  private lastResponse: Buffer | undefined
  private lastSeq: number | undefined
  private lastChecksum: string | undefined
  private readonly now: () => number

  constructor (private readonly backend: Sip2Backend, private readonly opts: SessionOptions) {
    this.now = opts.now ?? Date.now
  }

  /** Answers one message (bytes without the terminator). Never throws. */
  async handleFrame (line: Buffer): Promise<FrameResult> {
    const institution = this.account?.institution ?? ''
    const t = readTrailer(line)
    const code = line.subarray(0, 2).toString('latin1')
    if (code === '97') {
      // Spec: resend the last response unchanged, even if it was a 96; nothing sent yet → 96.
      if (this.lastResponse !== undefined) return { response: this.lastResponse, outcome: { code, type: 'requestAcsResend', institution, outcome: 'resend' } }
      return { response: this.keep(this.encodeResend(t.checksum !== undefined)), outcome: { code, type: 'requestAcsResend', institution, outcome: 'resend' } }
    }
    const type = isSip2Code(code) ? SIP2_MESSAGES[code].name : 'unknown'
    if (!t.checksumOk) {
      this.remember(undefined, undefined)
      return { response: this.keep(this.encodeResend(true)), outcome: { code, type, institution, outcome: 'bad-checksum' } }
    }
    if (t.seq !== undefined && t.checksum !== undefined && this.lastResponse !== undefined && t.seq === this.lastSeq && t.checksum.toUpperCase() === this.lastChecksum) {
      // The same AY and AZ again: the SC did not get our answer. Resend it; do not execute twice.
      return { response: this.lastResponse, outcome: { code, type, institution, outcome: 'duplicate' } }
    }
    const errorDetection = t.seq !== undefined && t.checksum !== undefined
    if (this.account?.requireChecksum === true && !errorDetection && isSip2Code(code)) {
      // The account requires error detection (research/sip2.md §1.4: FOLIO's errorDetectionEnabled,
      // "a message without AY/AZ is invalid"): 96, nothing executed. A 99 gets an off-line 98 that
      // says why, so a misconfigured kiosk shows the reason instead of retrying into 96s.
      this.remember(undefined, undefined)
      const out = code === '99' ? acsStatus(false, this.account.institution, new Date(this.now()), '000', CHECKSUM_REQUIRED) : undefined
      const bytes = out === undefined ? this.encodeResend(true) : this.encode(out, undefined, true)
      return { response: this.keep(bytes), outcome: { code, type, institution, outcome: 'checksum-required' } }
    }
    let msg: AnySip2Message
    let reply: Reply | undefined
    try {
      msg = parseSip2(decodeText(line.subarray(0, t.bodyEnd), this.charset))
      if (!isRequestCode(msg.code)) throw new ProtocolError('LG_ERR_SIP2_UNKNOWN_COMMAND', `${msg.code} is not a request`)
      reply = await this.handle(msg, t.seq, errorDetection)
    } catch (e) {
      if (e instanceof ProtocolError && e.code === 'LG_ERR_SIP2_UNKNOWN_COMMAND') {
        // Spec: an unrecognised command "should be ignored"; the connection stays up.
        return { response: null, outcome: { code: '??', type, institution, outcome: 'ignored' } }
      }
      const neg = isSip2Code(code) ? negative(code, () => undefined, new Date(this.now()), e instanceof ProtocolError ? 'Malformed message' : 'System error') : undefined
      if (neg === undefined) return { response: null, outcome: { code, type, institution, outcome: 'ignored' } }
      reply = { out: neg, outcome: e instanceof ProtocolError ? 'malformed' : 'error' }
      const bytes = this.encode(reply.out, t.seq, t.checksum !== undefined || t.seq !== undefined)
      this.remember(t.seq, t.checksum)
      return { response: this.keep(bytes), outcome: { code, type, institution: this.account?.institution ?? '', outcome: reply.outcome, error: reply.outcome === 'error' ? e : undefined } }
    }
    const bytes = this.encode(reply.out, t.seq, t.checksum !== undefined || t.seq !== undefined)
    this.remember(t.seq, t.checksum)
    return { response: this.keep(bytes), outcome: { code, type, institution: this.institutionOf(msg), outcome: reply.outcome } }
  }

  private remember (seq: number | undefined, checksum: string | undefined): void {
    this.lastSeq = seq
    this.lastChecksum = checksum?.toUpperCase()
  }

  private keep (b: Buffer): Buffer {
    this.lastResponse = b
    return b
  }

  private encodeResend (withChecksum: boolean): Buffer {
    const body = Buffer.from('96', 'latin1')
    return Buffer.concat([withChecksum ? appendTrailer(body, undefined) : body, Buffer.from(this.terminator, 'latin1')])
  }

  /** Formats, encodes in the device's character set, adds AY/AZ when the SC uses them, terminates. */
  encode (out: AnySip2Out, seq: number | undefined, errorDetection: boolean): Buffer {
    const body = encodeText(formatSip2(out), this.charset)
    return Buffer.concat([errorDetection ? appendTrailer(body, seq) : body, Buffer.from(this.terminator, 'latin1')])
  }

  private institutionOf (msg: AnySip2Message): string {
    return this.account?.institution ?? field(msg, 'AO') ?? ''
  }

  /**
   * Replay key: account, command, fixed fields (with the transaction date) and every non-secret
   * field, so a retry after a lost answer, even over a new connection, is answered from the first
   * result instead of executed again (research/sip2.md §4.3).
   *
   * A blank transaction date (issue 5) cannot tell a resend from a new request. Checkout and checkin
   * need no key then: repeating them is harmless by state (already yours; already returned). A renewal
   * or a payment is not, so those get a key from the content plus the AY sequence number when the
   * SC uses error detection (the SC keeps AY on a retransmission and moves it on for a new
   * message), valid only UNDATED_WINDOW_MS: a kiosk resending after a lost connection sends the same
   * bytes within its timeout × retries, while a genuine second identical payment within a minute
   * is rare and would normally differ in its transaction id (BK) or fee id (CG).
   */
  private txnKey (msg: AnySip2Message, seq: number | undefined): { txnKey?: string, txnWindowMs?: number } {
    if (!MUTATING.has(msg.code)) return {}
    const fixed = msg.fixed as Record<string, string>
    const undated = (fixed.transactionDate ?? '').trim() === ''
    if (undated && !UNDATED_KEYED.has(msg.code)) return {}
    const h = createHash('sha256').update(this.account?.login ?? '-').update('\0').update(msg.code)
    for (const v of Object.values(fixed)) h.update('\0').update(v)
    for (const [k, v] of msg.fields) if (!SECRET_FIELDS.has(k)) h.update('\0').update(k).update(v)
    if (!undated) return { txnKey: h.digest('base64url') }
    h.update('\0undated\0').update(seq === undefined ? '-' : String(seq))
    return { txnKey: h.digest('base64url'), txnWindowMs: UNDATED_WINDOW_MS }
  }

  /** Answers one decoded request. Throws only for backend failures (handleFrame turns them into negative answers). */
  async handle (msg: AnySip2Message, seq: number | undefined, errorDetection: boolean): Promise<Reply> {
    const nowMs = this.now()
    const now = new Date(nowMs)
    const date = formatSipDate(now)
    const get = (id: string): string | undefined => field(msg, id)
    const refuse = (message: string, outcome: Outcome['outcome'] = 'denied'): Reply => ({ out: negative(msg.code, get, now, message) ?? acsStatus(false, '', now, '000', message), outcome })

    if (msg.code === '93') return this.login(msg, errorDetection)
    if (this.opts.loginRequired && this.account === undefined) {
      return refuse('Login required')
    }
    const ao = get('AO')
    if (this.account !== undefined && ao !== undefined && ao.trim() !== '' && ao.trim() !== this.account.institution) {
      return refuse(`This device serves institution ${this.account.institution}`)
    }
    const institution = this.account?.institution ?? ao?.trim() ?? ''
    const txn = this.txnKey(msg, seq)
    const at = (name: string): number | undefined => parseSipDate((msg.fixed as Record<string, string>)[name])?.getTime()
    const pin = get('AD')
    const patronId = (get('AA') ?? '').trim()

    switch (msg.code) {
      case '99': {
        return { out: acsStatus(true, institution, now, this.opts.timeoutPeriod ?? '050', this.account?.requireChecksum === true ? CHECKSUM_REQUIRED : undefined), outcome: 'ok' }
      }
      case '23': case '63': {
        const summary = msg.code === '63' ? msg.fixed.summary.indexOf('Y') : -1
        const kind = summary >= 0 && summary < SUMMARY.length ? SUMMARY[summary] : undefined
        const start = Math.max(1, Number.parseInt(get('BP') ?? '1', 10) || 1)
        const end = Math.max(start, Number.parseInt(get('BQ') ?? '', 10) || start + 99)
        const r = patronId === '' ? null : await this.backend.patron({ institution, patronId, pin, list: kind === undefined ? undefined : { kind, start, end } })
        if (r === null) return refuse('Unknown patron', 'refused')
        const p = r.patron
        const common = [['AO', institution], ['AA', p.barcode], ['AE', p.name]] as const
        const money = [['BH', p.currency], ['BV', p.feesOwed]] as const
        const cq = ['CQ', p.pinOk === undefined ? undefined : yn(p.pinOk)] as const
        if (msg.code === '23') {
          return { out: { code: '24', fixed: { patronStatus: patronStatus(p), language: '000', transactionDate: date }, fields: [...common, ['BL', 'Y'], cq, ...money, ...screen<'24'>(p.messages)] }, outcome: 'ok' }
        }
        const c = p.counts
        const list = kind === undefined ? [] : r.items.map((v) => [SUMMARY_FIELD[summary], v] as const)
        return {
          out: {
            code: '64',
            fixed: { patronStatus: patronStatus(p), language: '000', transactionDate: date, holdItemsCount: count4(c.holdsAvailable), overdueItemsCount: count4(c.overdue), chargedItemsCount: count4(c.charged), fineItemsCount: count4(c.fines), recallItemsCount: count4(c.recalls), unavailableHoldsCount: count4(c.holdsPending) },
            fields: [...common, ['BZ', count4(p.limits.maxHolds)], ['CA', count4(p.limits.maxOverdue)], ['CB', count4(p.limits.maxLoans)], ['BL', 'Y'], cq, ...money, ['CC', p.limits.feeLimit], ...list, ['BE', p.email ?? undefined], ['BF', p.phone ?? undefined], ...screen<'64'>(p.messages)],
          },
          outcome: 'ok',
        }
      }
      case '11': case '29': {
        const itemId = (get('AB') ?? '').trim()
        const common = { institution, patronId, pin, ...txn, at: at('transactionDate'), noBlock: msg.fixed.noBlock === 'Y', nbDueAt: at('nbDueDate'), feeAcknowledged: get('BO') === 'Y' }
        const r = msg.code === '11'
          ? await this.backend.checkout({ ...common, itemId, renewalPolicy: msg.fixed.scRenewalPolicy === 'Y', cancel: get('BI') === 'Y' })
          : await this.backend.renew({ ...common, itemId: itemId === '' ? undefined : itemId, titleId: get('AJ') })
        const fixed = { ok: r.ok ? '1' : '0', renewalOk: yn(r.renewal), magneticMedia: 'N', desensitize: yn(r.desensitize), transactionDate: date }
        const fields = [['AO', institution], ['AA', patronId], ['AB', r.item?.barcode ?? itemId], ['AJ', itemTitle(r.item)], ['AH', dueField(r.dueAt)],
          ['BT', r.fee?.type], ['BH', r.fee?.currency], ['BV', r.fee?.amount], ['CK', r.item?.media], ...screen<'12'>([r.message])] as const
        return { out: { code: msg.code === '11' ? '12' : '30', fixed, fields }, outcome: r.ok ? 'ok' : 'refused' }
      }
      case '09': {
        const itemId = (get('AB') ?? '').trim()
        const r = await this.backend.checkin({ institution, itemId, location: (get('AP') ?? '').trim(), ...txn, at: at('transactionDate'), noBlock: msg.fixed.noBlock === 'Y', returnedAt: at('returnDate'), cancel: get('BI') === 'Y' })
        const i = r.item
        return {
          out: {
            code: '10',
            fixed: { ok: r.ok ? '1' : '0', resensitize: yn(r.resensitize), magneticMedia: 'N', alert: yn(r.alert), transactionDate: date },
            fields: [['AO', institution], ['AB', i?.barcode ?? itemId], ['AQ', i?.location === '' || i === null ? i?.library ?? '' : i.location], ['AJ', i?.title], ['CL', r.sortBin ?? undefined],
              ['AA', r.patronId ?? undefined], ['CK', i?.media], ['CS', i?.callNumber || undefined],
              ['CT', r.hold?.transit === true ? r.hold.pickup : r.alertType === '04' ? i?.library : undefined], ['CV', r.alertType ?? undefined],
              ['CY', r.hold?.patronId], ['DA', r.hold?.patronName], ...screen<'10'>([r.message, r.fine === null ? null : `Overdue fine ${r.fine.amount} ${r.fine.currency}`])],
          },
          outcome: r.ok ? 'ok' : 'refused',
        }
      }
      case '01': {
        const p = await this.backend.blockPatron({ institution, patronId, ...txn, cardRetained: msg.fixed.cardRetained === 'Y', reason: get('AL') ?? '' })
        if (p === null) return refuse('Unknown patron', 'refused')
        return { out: { code: '24', fixed: { patronStatus: patronStatus(p), language: '000', transactionDate: date }, fields: [['AO', institution], ['AA', p.barcode], ['AE', p.name], ['BL', 'Y'], ...screen<'24'>(p.messages)] }, outcome: 'ok' }
      }
      case '25': {
        const p = await this.backend.enablePatron({ institution, patronId, pin, ...txn })
        if (p === null) return refuse('Unknown patron', 'refused')
        return { out: { code: '26', fixed: { patronStatus: patronStatus(p), language: '000', transactionDate: date }, fields: [['AO', institution], ['AA', p.barcode], ['AE', p.name], ['BL', 'Y'], ['CQ', p.pinOk === undefined ? undefined : yn(p.pinOk)], ...screen<'26'>(p.messages)] }, outcome: p.pinOk === false ? 'refused' : 'ok' }
      }
      case '35': {
        return { out: { code: '36', fixed: { endSession: 'Y', transactionDate: date }, fields: [['AO', institution], ['AA', patronId]] }, outcome: 'ok' }
      }
      case '37': {
        const r = await this.backend.feePaid({ institution, patronId, pin, ...txn, at: at('transactionDate'), amount: get('BV') ?? '', currency: msg.fixed.currencyType, feeType: msg.fixed.feeType, paymentType: msg.fixed.paymentType, feeId: get('CG'), transactionId: get('BK') })
        return { out: { code: '38', fixed: { paymentAccepted: yn(r.accepted), transactionDate: date }, fields: [['AO', institution], ['AA', patronId], ['BK', r.transactionId ?? get('BK')], ...screen<'38'>([r.message])] }, outcome: r.accepted ? 'ok' : 'refused' }
      }
      case '17': {
        const itemId = (get('AB') ?? '').trim()
        const i = await this.backend.item({ institution, itemId })
        if (i === null) return refuse('Unknown item', 'refused')
        return {
          out: {
            code: '18',
            fixed: { circulationStatus: CIRCULATION_STATUS[i.state], securityMarker: '02', feeType: '01', transactionDate: date },
            fields: [['CF', i.holdQueue > 0 ? String(i.holdQueue) : undefined], ['AH', i.dueAt === null ? undefined : dueField(i.dueAt)], ['CM', i.holdExpiresAt === null ? undefined : dueField(i.holdExpiresAt)],
              ['AB', i.barcode], ['AJ', i.title], ['BG', i.library], ['CK', i.media], ['AQ', i.location || i.library], ['AP', i.currentLocation ?? undefined], ['CH', i.properties ?? undefined], ['CS', i.callNumber || undefined]],
          },
          outcome: 'ok',
        }
      }
      case '19': {
        const itemId = (get('AB') ?? '').trim()
        const r = await this.backend.updateItem({ institution, itemId, properties: get('CH') ?? '', ...txn })
        return { out: { code: '20', fixed: { itemPropertiesOk: r.ok ? '1' : '0', transactionDate: date }, fields: [['AB', itemId], ['AJ', r.item?.title], ['CH', r.item?.properties ?? undefined], ...screen<'20'>([r.ok ? null : 'Unknown item'])] }, outcome: r.ok ? 'ok' : 'refused' }
      }
      case '15': {
        const mode = msg.fixed.holdMode === '-' ? 'delete' : msg.fixed.holdMode === '*' ? 'change' : msg.fixed.holdMode === '+' ? 'add' : undefined
        if (mode === undefined) return refuse('Hold mode must be +, - or *', 'malformed')
        const r = await this.backend.hold({ institution, patronId, pin, ...txn, at: at('transactionDate'), mode, itemId: get('AB'), titleId: get('AJ'), pickup: get('BS'), expiresAt: parseSipDate(get('BW'))?.getTime() })
        return {
          out: {
            code: '16',
            fixed: { ok: r.ok ? '1' : '0', available: yn(r.available), transactionDate: date },
            fields: [['BW', r.expiresAt === null ? undefined : dueField(r.expiresAt)], ['BR', r.queuePosition === null ? undefined : String(r.queuePosition)], ['BS', r.pickup ?? undefined],
              ['AO', institution], ['AA', patronId], ['AB', r.itemId ?? get('AB')], ['AJ', r.title ?? get('AJ')], ...screen<'16'>([r.message])],
          },
          outcome: r.ok ? 'ok' : 'refused',
        }
      }
      case '65': {
        const r = await this.backend.renewAll({ institution, patronId, pin, ...txn, at: at('transactionDate'), feeAcknowledged: get('BO') === 'Y' })
        return {
          out: {
            code: '66',
            fixed: { ok: r.ok ? '1' : '0', renewedCount: count4(r.renewed.length), unrenewedCount: count4(r.unrenewed.length), transactionDate: date },
            fields: [['AO', institution], ...r.renewed.map((v) => ['BM', v] as const), ...r.unrenewed.map((v) => ['BN', v] as const), ...screen<'66'>([r.message])],
          },
          outcome: r.ok ? 'ok' : 'refused',
        }
      }
      default:
        throw new ProtocolError('LG_ERR_SIP2_UNKNOWN_COMMAND', `${msg.code} is not a request`)
    }
  }

  private async login (msg: Sip2Message<'93'>, errorDetection: boolean): Promise<Reply> {
    const fail = (): Reply => ({ out: { code: '94', fixed: { ok: '0' }, fields: [] }, outcome: 'denied' })
    const login = field(msg, 'CN') ?? ''
    const password = field(msg, 'CO') ?? ''
    const ipKey = `ip:${this.opts.peer}`
    const pairKey = `pair:${this.opts.peer}|${login}`
    const { throttle } = this.opts
    if (throttle.locked(ipKey) || throttle.locked(pairKey)) return fail()
    const failed = (): Reply => { throttle.fail(pairKey); throttle.fail(ipKey, IP_FREE_FAILURES); return fail() }
    // UID/PWD algorithms other than 0 (plain) are undefined by the spec; refuse them (as Koha).
    if (msg.fixed.uidAlgorithm !== '0' || msg.fixed.pwdAlgorithm !== '0' || login === '') return failed()
    const r = await this.backend.verifyDevice({ login, password, peer: this.opts.peer })
    if (!r.ok) return failed()
    throttle.succeed(pairKey)
    // Right credentials, but the account requires error detection and this 93 had no AY/AZ: refused,
    // not counted as a failed login (a configuration mismatch, not a guess).
    if (r.account.requireChecksum === true && !errorDetection) return fail()
    this.account = r.account
    if (isSip2Charset(r.account.charset)) this.charset = r.account.charset
    this.terminator = r.account.terminator === 'CRLF' ? '\r\n' : '\r'
    return { out: { code: '94', fixed: { ok: '1' }, fields: [] }, outcome: 'ok' }
  }
}

/** Used by tests and logs: a message's ids with secrets removed (STYLE.md P10). */
export function summarize (msg: AnySip2Message): Record<string, string> {
  const out: Record<string, string> = { code: msg.code }
  for (const [k] of msg.fields) if (!SECRET_FIELDS.has(k)) out[k] = 'present'
  return out
}

