// A fake circulation port for SIP2 session tests (STYLE.md P7): canned answers, recorded calls.
import type { ItemView, PatronView, Sip2Backend } from '../../src/circulation/port.js'

export const PATRON: PatronView = {
  barcode: 'P1', name: 'Nguyễn Văn An', email: 'an@example.vn', phone: null, category: 'adult', library: 'VN-HN', expires: '2030-12-31',
  pinOk: undefined, blocks: { expired: false, blocked: false, tooManyCharged: false, tooManyOverdue: false, excessiveFines: false, excessiveFees: false },
  chargeDenied: false, renewalDenied: false, holdDenied: false,
  counts: { holdsAvailable: 0, overdue: 1, charged: 2, fines: 0, recalls: 0, holdsPending: 1 },
  limits: { maxLoans: 10, maxOverdue: 3, maxHolds: 5, feeLimit: '50000' }, feesOwed: '0', currency: 'VND', messages: [],
}

export const ITEM: ItemView = {
  barcode: 'I1', title: 'Truyện Kiều', library: 'VN-HN', location: 'Stacks', callNumber: '895.9 NG', media: '001', state: 'charged',
  dueAt: new Date(2026, 0, 24, 23, 59, 59).getTime(), holdQueue: 0, holdExpiresAt: null, properties: null, currentLocation: null,
}

export function fakeCirculation (over: Partial<Sip2Backend> = {}): Sip2Backend & { calls: Array<[string, Record<string, unknown>]> } {
  const calls: Array<[string, Record<string, unknown>]> = []
  const rec = <T>(name: string, v: T) => async (req: object): Promise<T> => { calls.push([name, req as Record<string, unknown>]); return v }
  const base: Sip2Backend = {
    verifyDevice: async (req) => { calls.push(['verifyDevice', { login: req.login, peer: req.peer }]); return req.login === 'kiosk' && req.password === 'pw' ? { ok: true, account: { login: 'kiosk', institution: 'VN-HN', charset: 'utf-8', terminator: 'CR', allowIps: [] } } : { ok: false, reason: 'bad-credentials' } },
    patron: async (req) => { calls.push(['patron', req as unknown as Record<string, unknown>]); return req.patronId === 'P1' ? { patron: { ...PATRON, pinOk: req.pin === undefined ? undefined : req.pin === '1234' }, items: req.list === undefined ? [] : ['I1', 'I2'] } : null },
    item: rec('item', ITEM),
    checkout: rec('checkout', { ok: true, renewal: false, desensitize: true, patronKnown: true, item: ITEM, dueAt: ITEM.dueAt, fee: null, message: null }),
    checkin: rec('checkin', { ok: true, resensitize: true, alert: true, item: { ...ITEM, state: 'on-hold-shelf' as const, dueAt: null }, patronId: 'P1', hold: { patronId: 'P2', patronName: 'Trần Thị Bình', pickup: 'VN-HCM', transit: true }, alertType: '02' as const, sortBin: 'TRANSIT', fine: null, message: 'Hold: send to VN-HCM' }),
    renew: rec('renew', { ok: true, renewal: true, desensitize: false, patronKnown: true, item: ITEM, dueAt: ITEM.dueAt, fee: null, message: null }),
    renewAll: rec('renewAll', { ok: true, renewed: ['I1'], unrenewed: ['I2 Renewal limit reached'], message: null }),
    feePaid: rec('feePaid', { accepted: true, transactionId: 'P7', message: null }),
    hold: rec('hold', { ok: true, available: false, queuePosition: 2, pickup: 'VN-HN', expiresAt: null, itemId: null, title: 'Truyện Kiều', message: null }),
    blockPatron: rec('blockPatron', { ...PATRON, blocks: { ...PATRON.blocks, blocked: true }, chargeDenied: true, renewalDenied: true, holdDenied: true }),
    enablePatron: rec('enablePatron', PATRON),
    updateItem: rec('updateItem', { ok: true, item: { ...ITEM, properties: 'afi=07' } }),
  }
  return Object.assign(base, over, { calls })
}
