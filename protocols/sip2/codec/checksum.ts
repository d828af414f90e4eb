/**
 * SIP 2.00 error detection (spec "Error Detection"; research/sip2.md §1.4): `AZ` is the two's
 * complement of the low 16 bits of the sum of every byte from the start of the message through the
 * `A`,`Z` of `AZ`, as four hex digits. It is computed over the encoded bytes, never over characters
 * (php-sip2 issue 8 is the bug when a client sums UTF-16 code units).
 */
export function sip2Checksum (bytes: Uint8Array, end: number = bytes.length): string {
  let sum = 0
  for (let i = 0; i < end; i++) sum += bytes[i]
  return ((-sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0')
}

/** True when `hex` (any case) is the checksum of `bytes[0, end)`. */
export function checksumMatches (bytes: Uint8Array, end: number, hex: string): boolean {
  let sum = 0
  for (let i = 0; i < end; i++) sum += bytes[i]
  return ((sum + Number.parseInt(hex, 16)) & 0xffff) === 0
}

const A = 0x41
const Y = 0x59
const Z = 0x5a

function isHex (b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
}

export interface Trailer {
  /** Bytes of the message without the `AY…AZ…` trailer. */
  readonly bodyEnd: number
  /** The `AY` sequence digit, when sent. */
  readonly seq: number | undefined
  /** The `AZ` value as sent (4 hex digits), when sent. */
  readonly checksum: string | undefined
  /** False only when `AZ` was sent and does not match. */
  readonly checksumOk: boolean
}

/**
 * Finds the error-detection trailer at the end of one message (CR already removed): `AY<d>AZ<hhhh>`,
 * `AZ<hhhh>` alone (96/97 never carry AY), or `AY<d>` alone. Anything else means error detection is
 * off for this message; we detect it per message as Koha does (research/sip2.md §1.4 table).
 */
export function readTrailer (line: Uint8Array): Trailer {
  const n = line.length
  let bodyEnd = n
  let seq: number | undefined
  let checksum: string | undefined
  let checksumOk = true
  if (n >= 6 && line[n - 6] === A && line[n - 5] === Z && isHex(line[n - 4]) && isHex(line[n - 3]) && isHex(line[n - 2]) && isHex(line[n - 1])) {
    checksum = String.fromCharCode(line[n - 4], line[n - 3], line[n - 2], line[n - 1])
    checksumOk = checksumMatches(line, n - 4, checksum)
    bodyEnd = n - 6
  }
  if (bodyEnd >= 3 && line[bodyEnd - 3] === A && line[bodyEnd - 2] === Y && line[bodyEnd - 1] >= 0x30 && line[bodyEnd - 1] <= 0x39) {
    seq = line[bodyEnd - 1] - 0x30
    bodyEnd -= 3
  }
  return { bodyEnd, seq, checksum, checksumOk }
}

/** Appends `AY<seq>AZ<hhhh>` (or `AZ<hhhh>` when seq is undefined) to an encoded message. */
export function appendTrailer (body: Buffer, seq: number | undefined): Buffer {
  const head = seq === undefined ? 'AZ' : `AY${seq}AZ`
  const out = Buffer.allocUnsafe(body.length + head.length + 4)
  body.copy(out, 0)
  out.write(head, body.length, 'latin1')
  const end = body.length + head.length
  out.write(sip2Checksum(out, end), end, 'latin1')
  return out
}
