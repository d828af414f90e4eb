/**
 * The circulation port (STYLE.md P7): what SIP2 (and later NCIP or an HTTP API) needs from a
 * circulation system. libgate's own SQLite backend implements it; ILS adapters (Koha REST, FOLIO,
 * NCIP) implement the same interface. Dates are epoch milliseconds and results are plain JSON so an
 * adapter can replay a stored result byte for byte (exactly-once under retries).
 */

/** Where a copy is, in circulation terms (the SIP2 edge maps these to its 2-digit codes). */
export type ItemState = 'available' | 'charged' | 'on-hold-shelf' | 'in-transit' | 'in-process' | 'lost' | 'missing' | 'withdrawn' | 'on-order'

export interface DeviceAccount {
  readonly login: string
  /** ISIL of the library the device belongs to (SIP2 `AO`). */
  readonly institution: string
  readonly charset: string
  readonly terminator: 'CR' | 'CRLF'
  readonly allowIps: readonly string[]
  /** Error detection required: requests without AY/AZ are refused (SIP2 96), research/sip2.md §1.4. */
  readonly requireChecksum?: boolean
}

export type DeviceCheck =
  | { readonly ok: true, readonly account: DeviceAccount }
  | { readonly ok: false, readonly reason: 'bad-credentials' | 'address-not-allowed' }

export interface PatronBlocks {
  readonly expired: boolean
  readonly blocked: boolean // blocked by staff or a kiosk (SIP2 01)
  readonly tooManyCharged: boolean
  readonly tooManyOverdue: boolean
  readonly excessiveFines: boolean
  readonly excessiveFees: boolean
}

export interface PatronView {
  readonly barcode: string
  readonly name: string
  readonly email: string | null
  readonly phone: string | null
  readonly category: string
  readonly library: string
  readonly expires: string // YYYY-MM-DD
  /** undefined when no PIN was offered; false for a wrong PIN and for a patron without a PIN. */
  readonly pinOk: boolean | undefined
  readonly blocks: PatronBlocks
  readonly chargeDenied: boolean
  readonly renewalDenied: boolean
  readonly holdDenied: boolean
  readonly counts: { readonly holdsAvailable: number, readonly overdue: number, readonly charged: number, readonly fines: number, readonly recalls: number, readonly holdsPending: number }
  readonly limits: { readonly maxLoans: number, readonly maxOverdue: number, readonly maxHolds: number, readonly feeLimit: string }
  /** Outstanding fees as a decimal string in `currency` ('.' separator, no grouping). */
  readonly feesOwed: string
  readonly currency: string
  readonly messages: readonly string[]
}

export interface ItemView {
  readonly barcode: string
  readonly title: string
  readonly library: string
  readonly location: string
  readonly callNumber: string
  readonly media: string
  readonly state: ItemState
  readonly dueAt: number | null
  readonly holdQueue: number
  /** When the hold this copy waits for expires (on-hold-shelf only). */
  readonly holdExpiresAt: number | null
  readonly properties: string | null
  readonly currentLocation: string | null
}

export type PatronList = 'hold' | 'overdue' | 'charged' | 'fine' | 'recall' | 'unavailable-hold'

interface Base {
  readonly institution: string
  /** Content key of the request (SIP2: account, command, fixed fields, patron, item): replays instead of re-executing. */
  readonly txnKey?: string | undefined
  /**
   * How long `txnKey` identifies this transaction, in ms (default: the adapter's replay TTL). Short
   * for keys that cannot carry a transaction date (issue 5: a blank date), so a genuine second
   * identical request after the window is executed.
   */
  readonly txnWindowMs?: number | undefined
  /** The transaction date the device sent (store-and-forward: its original time). */
  readonly at?: number | undefined
}

export interface PatronRequest extends Base { readonly patronId: string, readonly pin?: string | undefined }

export interface CheckoutRequest extends PatronRequest {
  readonly itemId: string
  readonly noBlock: boolean
  readonly nbDueAt?: number | undefined
  /** The SC may treat a checkout of a copy the patron already holds as a renewal (SC renewal policy). */
  readonly renewalPolicy: boolean
  readonly feeAcknowledged: boolean
  /** SIP2 11 with BI=Y: undo a checkin the device could not complete. */
  readonly cancel: boolean
}

export interface CheckinRequest extends Base {
  readonly itemId: string
  readonly location: string
  readonly noBlock: boolean
  readonly returnedAt?: number | undefined
  /** SIP2 09 with BI=Y: undo a checkout the device could not complete. */
  readonly cancel: boolean
}

export interface RenewRequest extends PatronRequest {
  readonly itemId?: string | undefined
  readonly titleId?: string | undefined
  readonly noBlock: boolean
  readonly nbDueAt?: number | undefined
  readonly feeAcknowledged: boolean
}

export interface FeePaidRequest extends PatronRequest {
  readonly amount: string
  readonly currency: string
  readonly feeType: string
  readonly paymentType: string
  readonly feeId?: string | undefined
  readonly transactionId?: string | undefined
}

export interface HoldRequest extends PatronRequest {
  readonly mode: 'add' | 'delete' | 'change'
  readonly itemId?: string | undefined
  readonly titleId?: string | undefined
  readonly pickup?: string | undefined
  readonly expiresAt?: number | undefined
}

export interface LoanResult {
  readonly ok: boolean
  readonly renewal: boolean
  readonly desensitize: boolean
  readonly patronKnown: boolean
  readonly item: ItemView | null
  readonly dueAt: number | null
  readonly fee: { readonly type: string, readonly amount: string, readonly currency: string } | null
  readonly message: string | null
}

export interface CheckinResult {
  readonly ok: boolean
  readonly resensitize: boolean
  readonly alert: boolean
  readonly item: ItemView | null
  /** Who had it (SIP2 AA on 10). */
  readonly patronId: string | null
  readonly hold: { readonly patronId: string, readonly patronName: string, readonly pickup: string, readonly transit: boolean } | null
  readonly alertType: '00' | '01' | '02' | '04' | '99' | null
  readonly sortBin: string | null
  readonly fine: { readonly amount: string, readonly currency: string } | null
  readonly message: string | null
}

export interface RenewAllResult {
  readonly ok: boolean
  readonly renewed: readonly string[]
  readonly unrenewed: readonly string[]
  readonly message: string | null
}

export interface FeePaidResult { readonly accepted: boolean, readonly transactionId: string | null, readonly message: string | null }

export interface HoldResult {
  readonly ok: boolean
  readonly available: boolean
  readonly queuePosition: number | null
  readonly pickup: string | null
  readonly expiresAt: number | null
  readonly itemId: string | null
  readonly title: string | null
  readonly message: string | null
}

export interface ItemUpdateResult { readonly ok: boolean, readonly item: ItemView | null }

/** Device accounts for protocol logins (SIP2 93). */
export interface DeviceAccounts {
  verifyDevice (req: { readonly login: string, readonly password: string, readonly peer: string }): Promise<DeviceCheck>
}

/** Circulation operations. Every mutating call is one database transaction, idempotent on `txnKey`. */
export interface Circulation {
  /** The patron with status flags, counts and (optionally) one list of item ids in a 1-based range. */
  patron (req: PatronRequest & { readonly list?: { readonly kind: PatronList, readonly start: number, readonly end: number } }): Promise<{ readonly patron: PatronView, readonly items: readonly string[] } | null>
  item (req: { readonly institution: string, readonly itemId: string }): Promise<ItemView | null>
  checkout (req: CheckoutRequest): Promise<LoanResult>
  checkin (req: CheckinRequest): Promise<CheckinResult>
  renew (req: RenewRequest): Promise<LoanResult>
  renewAll (req: PatronRequest & { readonly feeAcknowledged: boolean }): Promise<RenewAllResult>
  feePaid (req: FeePaidRequest): Promise<FeePaidResult>
  hold (req: HoldRequest): Promise<HoldResult>
  blockPatron (req: PatronRequest & { readonly cardRetained: boolean, readonly reason: string }): Promise<PatronView | null>
  enablePatron (req: PatronRequest): Promise<PatronView | null>
  updateItem (req: Base & { readonly itemId: string, readonly properties: string }): Promise<ItemUpdateResult>
}

/** What SIP2 is given: circulation plus device accounts. */
export interface Sip2Backend extends Circulation, DeviceAccounts {}
