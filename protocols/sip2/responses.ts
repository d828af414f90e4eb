import type { ItemState, ItemView, PatronView } from '../../src/circulation/port.js'
import { formatSipDate } from './codec/date.js'
import { BX_ORDER, type FieldId, type Sip2Code } from './codec/messages.js'
import type { AnySip2Out, Sip2Out } from './codec/format.js'

/** Circulation status codes (spec, 18 Item Information Response; sent zero-padded). */
export const CIRCULATION_STATUS: Record<ItemState, string> = {
  'on-order': '02', available: '03', charged: '04', 'in-process': '06', 'on-hold-shelf': '08',
  'in-transit': '10', lost: '12', missing: '13', withdrawn: '01',
}

/** BX: every message of SIP 2.00 is supported. */
export const SUPPORTED = BX_ORDER.map(() => 'Y').join('')

export const yn = (b: boolean): 'Y' | 'N' => b ? 'Y' : 'N'
export const count4 = (n: number): string => String(Math.min(Math.max(0, n), 9999)).padStart(4, '0')

/**
 * Patron status (14 flags, `Y` = true, space = false; spec 24): 0 charge denied, 1 renewal denied,
 * 2 recall denied, 3 hold denied, 4 card reported lost, 5 too many charged, 6 too many overdue,
 * 7 too many renewals, 8 claims returned, 9 lost, 10 excessive fines, 11 excessive fees,
 * 12 recall overdue, 13 too many billed.
 */
export function patronStatus (p: PatronView | null): string {
  if (p === null) return 'YYYY          ' // unknown patron: no privileges (as Koha)
  const f = (b: boolean): string => b ? 'Y' : ' '
  const b = p.blocks
  return f(p.chargeDenied) + f(p.renewalDenied) + f(b.blocked || b.expired) + f(p.holdDenied) + f(b.blocked) +
    f(b.tooManyCharged) + f(b.tooManyOverdue) + '   ' + f(b.excessiveFines) + f(b.excessiveFees) + '  '
}

type Fields<C extends Sip2Code> = Array<readonly [FieldId<C>, string | undefined]>

export function screen<C extends Sip2Code> (messages: ReadonlyArray<string | null | undefined>): Fields<C> {
  return messages.filter((m): m is string => m !== null && m !== undefined && m !== '').map((m) => ['AF', m] as unknown as readonly [FieldId<C>, string])
}

export function dueField (at: number | null): string {
  return at === null ? '' : formatSipDate(new Date(at))
}

/**
 * The negative answer to a request the ACS cannot serve (not logged in, wrong institution, a
 * malformed message, a backend failure): every recognised command gets a response (spec), built
 * only from ids the request itself carried.
 */
export function negative (code: Sip2Code, get: (id: string) => string | undefined, now: Date, message: string): AnySip2Out | undefined {
  const date = formatSipDate(now)
  const ao = get('AO') ?? ''
  const aa = get('AA') ?? ''
  const ab = get('AB') ?? ''
  const af = ['AF', message] as const
  switch (code) {
    case '93': return { code: '94', fixed: { ok: '0' }, fields: [] }
    case '99': return acsStatus(false, ao, now, '000', message)
    case '23': case '01': return { code: '24', fixed: { patronStatus: patronStatus(null), language: '000', transactionDate: date }, fields: [['AO', ao], ['AA', aa], ['AE', ''], ['BL', 'N'], af] }
    case '25': return { code: '26', fixed: { patronStatus: patronStatus(null), language: '000', transactionDate: date }, fields: [['AO', ao], ['AA', aa], ['AE', ''], ['BL', 'N'], af] }
    case '63': return {
      code: '64',
      fixed: { patronStatus: patronStatus(null), language: '000', transactionDate: date, holdItemsCount: '0000', overdueItemsCount: '0000', chargedItemsCount: '0000', fineItemsCount: '0000', recallItemsCount: '0000', unavailableHoldsCount: '0000' },
      fields: [['AO', ao], ['AA', aa], ['AE', ''], ['BL', 'N'], af],
    }
    case '11': case '29': return { code: code === '11' ? '12' : '30', fixed: { ok: '0', renewalOk: 'N', magneticMedia: 'N', desensitize: 'N', transactionDate: date }, fields: [['AO', ao], ['AA', aa], ['AB', ab], ['AJ', ''], ['AH', ''], af] }
    case '09': return { code: '10', fixed: { ok: '0', resensitize: 'N', magneticMedia: 'N', alert: 'N', transactionDate: date }, fields: [['AO', ao], ['AB', ab], ['AQ', ''], af] }
    case '35': return { code: '36', fixed: { endSession: 'N', transactionDate: date }, fields: [['AO', ao], ['AA', aa], af] }
    case '37': return { code: '38', fixed: { paymentAccepted: 'N', transactionDate: date }, fields: [['AO', ao], ['AA', aa], af] }
    case '17': return { code: '18', fixed: { circulationStatus: '01', securityMarker: '00', feeType: '01', transactionDate: date }, fields: [['AB', ab], ['AJ', ''], af] }
    case '19': return { code: '20', fixed: { itemPropertiesOk: '0', transactionDate: date }, fields: [['AB', ab], af] }
    case '15': return { code: '16', fixed: { ok: '0', available: 'N', transactionDate: date }, fields: [['AO', ao], ['AA', aa], af] }
    case '65': return { code: '66', fixed: { ok: '0', renewedCount: '0000', unrenewedCount: '0000', transactionDate: date }, fields: [['AO', ao], af] }
    default: return undefined
  }
}

/** 98 ACS Status. `timeout` is in tenths of a second (spec; 000 = not on-line). */
export function acsStatus (online: boolean, institution: string, now: Date, timeout: string, message?: string): Sip2Out<'98'> {
  const flag = yn(online)
  return {
    code: '98',
    fixed: {
      onlineStatus: flag, checkinOk: flag, checkoutOk: flag, acsRenewalPolicy: flag, statusUpdateOk: flag, offlineOk: flag,
      timeoutPeriod: online ? timeout : '000', retriesAllowed: '003', dateTimeSync: formatSipDate(now), protocolVersion: '2.00',
    },
    fields: [['AO', institution], ['AM', institution === '' ? undefined : institution], ['BX', online ? SUPPORTED : SUPPORTED.replace(/Y/g, 'N')], ['AF', message]],
  }
}

/** Item fields shared by 12, 30, 10 and 18. */
export function itemTitle (item: ItemView | null): string {
  return item?.title ?? ''
}
