/**
 * The SIP 2.00 message table (3M "Standard Interchange Protocol" rev 2.12; research/sip2.md §1.5–1.7).
 * One row per command: its fixed fields in spec order with their exact widths, then the ID'd
 * (variable) fields it may carry, in the order the ACS writes them. Parsing, formatting, the
 * negative answers and the `BX` list are all driven by this table.
 */

export interface MessageDef {
  readonly name: string
  /** Fixed fields, spec order: [name, width]. */
  readonly fixed: ReadonlyArray<readonly [string, number]>
  /** Known ID'd fields in output order. Unknown IDs on input are ignored. */
  readonly fields: readonly string[]
}

const SCREEN = ['AF', 'AG'] as const

export const SIP2_MESSAGES = {
  // SC → ACS
  '99': { name: 'scStatus', fixed: [['statusCode', 1], ['maxPrintWidth', 3], ['protocolVersion', 4]], fields: [] },
  '97': { name: 'requestAcsResend', fixed: [], fields: [] },
  '93': { name: 'login', fixed: [['uidAlgorithm', 1], ['pwdAlgorithm', 1]], fields: ['CN', 'CO', 'CP'] },
  '23': { name: 'patronStatusRequest', fixed: [['language', 3], ['transactionDate', 18]], fields: ['AO', 'AA', 'AC', 'AD'] },
  '63': { name: 'patronInformation', fixed: [['language', 3], ['transactionDate', 18], ['summary', 10]], fields: ['AO', 'AA', 'AC', 'AD', 'BP', 'BQ'] },
  '11': { name: 'checkout', fixed: [['scRenewalPolicy', 1], ['noBlock', 1], ['transactionDate', 18], ['nbDueDate', 18]], fields: ['AO', 'AA', 'AB', 'AC', 'CH', 'AD', 'BO', 'BI'] },
  '09': { name: 'checkin', fixed: [['noBlock', 1], ['transactionDate', 18], ['returnDate', 18]], fields: ['AP', 'AO', 'AB', 'AC', 'CH', 'BI'] },
  '01': { name: 'blockPatron', fixed: [['cardRetained', 1], ['transactionDate', 18]], fields: ['AO', 'AL', 'AA', 'AC'] },
  '35': { name: 'endPatronSession', fixed: [['transactionDate', 18]], fields: ['AO', 'AA', 'AC', 'AD'] },
  '37': { name: 'feePaid', fixed: [['transactionDate', 18], ['feeType', 2], ['paymentType', 2], ['currencyType', 3]], fields: ['BV', 'AO', 'AA', 'AC', 'AD', 'CG', 'BK'] },
  '17': { name: 'itemInformation', fixed: [['transactionDate', 18]], fields: ['AO', 'AB', 'AC'] },
  '19': { name: 'itemStatusUpdate', fixed: [['transactionDate', 18]], fields: ['AO', 'AB', 'AC', 'CH'] },
  '25': { name: 'patronEnable', fixed: [['transactionDate', 18]], fields: ['AO', 'AA', 'AC', 'AD'] },
  '15': { name: 'hold', fixed: [['holdMode', 1], ['transactionDate', 18]], fields: ['BW', 'BS', 'BY', 'AO', 'AA', 'AD', 'AB', 'AJ', 'AC', 'BO'] },
  '29': { name: 'renew', fixed: [['thirdPartyAllowed', 1], ['noBlock', 1], ['transactionDate', 18], ['nbDueDate', 18]], fields: ['AO', 'AA', 'AD', 'AB', 'AJ', 'AC', 'CH', 'BO'] },
  '65': { name: 'renewAll', fixed: [['transactionDate', 18]], fields: ['AO', 'AA', 'AD', 'AC', 'BO'] },
  // ACS → SC
  '98': { name: 'acsStatus', fixed: [['onlineStatus', 1], ['checkinOk', 1], ['checkoutOk', 1], ['acsRenewalPolicy', 1], ['statusUpdateOk', 1], ['offlineOk', 1], ['timeoutPeriod', 3], ['retriesAllowed', 3], ['dateTimeSync', 18], ['protocolVersion', 4]], fields: ['AO', 'AM', 'BX', 'AN', ...SCREEN] },
  '96': { name: 'requestScResend', fixed: [], fields: [] },
  '94': { name: 'loginResponse', fixed: [['ok', 1]], fields: [] },
  '24': { name: 'patronStatusResponse', fixed: [['patronStatus', 14], ['language', 3], ['transactionDate', 18]], fields: ['AO', 'AA', 'AE', 'BL', 'CQ', 'BH', 'BV', ...SCREEN] },
  '64': {
    name: 'patronInformationResponse',
    fixed: [['patronStatus', 14], ['language', 3], ['transactionDate', 18], ['holdItemsCount', 4], ['overdueItemsCount', 4], ['chargedItemsCount', 4], ['fineItemsCount', 4], ['recallItemsCount', 4], ['unavailableHoldsCount', 4]],
    fields: ['AO', 'AA', 'AE', 'BZ', 'CA', 'CB', 'BL', 'CQ', 'BH', 'BV', 'CC', 'AS', 'AT', 'AU', 'AV', 'BU', 'CD', 'BD', 'BE', 'BF', 'PA', 'PC', ...SCREEN],
  },
  '12': { name: 'checkoutResponse', fixed: [['ok', 1], ['renewalOk', 1], ['magneticMedia', 1], ['desensitize', 1], ['transactionDate', 18]], fields: ['AO', 'AA', 'AB', 'AJ', 'AH', 'BT', 'CI', 'BH', 'BV', 'CK', 'CH', 'BK', ...SCREEN] },
  // CT destination, CV alert type, CY/DA hold patron id/name, CS call number, CR collection: 3M extensions (§1.7)
  '10': { name: 'checkinResponse', fixed: [['ok', 1], ['resensitize', 1], ['magneticMedia', 1], ['alert', 1], ['transactionDate', 18]], fields: ['AO', 'AB', 'AQ', 'AJ', 'CL', 'AA', 'CK', 'CH', 'CR', 'CS', 'CT', 'CV', 'CY', 'DA', ...SCREEN] },
  '36': { name: 'endSessionResponse', fixed: [['endSession', 1], ['transactionDate', 18]], fields: ['AO', 'AA', ...SCREEN] },
  '38': { name: 'feePaidResponse', fixed: [['paymentAccepted', 1], ['transactionDate', 18]], fields: ['AO', 'AA', 'BK', ...SCREEN] },
  '18': { name: 'itemInformationResponse', fixed: [['circulationStatus', 2], ['securityMarker', 2], ['feeType', 2], ['transactionDate', 18]], fields: ['CF', 'AH', 'CJ', 'CM', 'AB', 'AJ', 'BG', 'BH', 'BV', 'CK', 'AQ', 'AP', 'CH', 'CR', 'CS', ...SCREEN] },
  '20': { name: 'itemStatusUpdateResponse', fixed: [['itemPropertiesOk', 1], ['transactionDate', 18]], fields: ['AB', 'AJ', 'CH', ...SCREEN] },
  '26': { name: 'patronEnableResponse', fixed: [['patronStatus', 14], ['language', 3], ['transactionDate', 18]], fields: ['AO', 'AA', 'AE', 'BL', 'CQ', ...SCREEN] },
  '16': { name: 'holdResponse', fixed: [['ok', 1], ['available', 1], ['transactionDate', 18]], fields: ['BW', 'BR', 'BS', 'AO', 'AA', 'AB', 'AJ', ...SCREEN] },
  '30': { name: 'renewResponse', fixed: [['ok', 1], ['renewalOk', 1], ['magneticMedia', 1], ['desensitize', 1], ['transactionDate', 18]], fields: ['AO', 'AA', 'AB', 'AJ', 'AH', 'BT', 'CI', 'BH', 'BV', 'CK', 'CH', 'BK', ...SCREEN] },
  '66': { name: 'renewAllResponse', fixed: [['ok', 1], ['renewedCount', 4], ['unrenewedCount', 4], ['transactionDate', 18]], fields: ['AO', 'BM', 'BN', ...SCREEN] },
} as const satisfies Record<string, MessageDef>

export type Sip2Code = keyof typeof SIP2_MESSAGES & string
type Def<C extends Sip2Code> = typeof SIP2_MESSAGES[C]
export type FixedName<C extends Sip2Code> = Def<C>['fixed'][number][0]
export type FieldId<C extends Sip2Code> = Def<C>['fields'][number]

/** ID'd fields that may repeat in one message (spec: AF/AG lines, the item lists of 64, BM/BN of 66). */
export const REPEATABLE: ReadonlySet<string> = new Set(['AF', 'AG', 'AS', 'AT', 'AU', 'AV', 'BU', 'CD', 'BM', 'BN'])

/** Fields whose values are secrets: never logged, never in a replay key (STYLE.md P10). */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(['CO', 'AC', 'AD', 'CN'])

/** The request → response pairs of SIP 2.00. 01 Block Patron is answered with a 24 (spec). */
export const RESPONSE_OF = {
  '99': '98', '93': '94', '23': '24', '63': '64', '11': '12', '09': '10', '01': '24', '35': '36',
  '37': '38', '17': '18', '19': '20', '25': '26', '15': '16', '29': '30', '65': '66',
} as const satisfies Partial<Record<Sip2Code, Sip2Code>>

export type RequestCode = keyof typeof RESPONSE_OF | '97'

/**
 * `BX` supported messages (98, 2.00): positions 0 Patron Status, 1 Checkout, 2 Checkin, 3 Block
 * Patron, 4 SC/ACS Status, 5 Resend, 6 Login, 7 Patron Information, 8 End Patron Session, 9 Fee
 * Paid, 10 Item Information, 11 Item Status Update, 12 Patron Enable, 13 Hold, 14 Renew, 15 Renew All.
 */
export const BX_ORDER = ['23', '11', '09', '01', '99', '97', '93', '63', '35', '37', '17', '19', '25', '15', '29', '65'] as const

export function isSip2Code (s: string): s is Sip2Code {
  return Object.hasOwn(SIP2_MESSAGES, s)
}

export function isRequestCode (s: string): s is RequestCode & string {
  return s === '97' || Object.hasOwn(RESPONSE_OF, s)
}

export function messageDef (code: Sip2Code): MessageDef {
  return SIP2_MESSAGES[code]
}

/** Total width of a command's fixed part, the two command digits included (research/sip2.md §1.5). */
export function fixedLength (code: Sip2Code): number {
  let n = 2
  for (const [, w] of SIP2_MESSAGES[code].fixed) n += w
  return n
}
