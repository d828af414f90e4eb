/**
 * ISO 2709 writer (MARC 21 "Record Structure"): lengths and offsets in bytes of the written
 * encoding, leader/09 'a' for UTF-8 and blank for MARC-8, leader/10–11 "22" and 20–23 "4500".
 */
import { LibgateError } from '../../errors.js'
import { isControlField, type MarcRecord } from '../../model/marc.js'
import { encodeMarc8 } from '../../text/charsets/index.js'

export interface WriteOptions {
  encoding?: 'utf8' | 'marc8'
  /**
   * What to do with a field over 9,999 bytes or a record over 99,999 bytes, which ISO 2709 cannot
   * describe: 'throw' (default) throws LibgateError LG_ERR_MARC_TOO_LONG; 'modulo' writes the
   * lengths modulo 10,000 / 100,000 as many systems do (our reader recovers such records by their
   * terminators, yaz-marcdump does not). Z39.50 output should instead drop holdings to fit.
   */
  oversize?: 'throw' | 'modulo'
}

const FT = 0x1e
const RT = 0x1d
const SF = 0x1f

function pad (n: number, width: number): string {
  return String(n).padStart(width, '0')
}

/** One record as ISO 2709 bytes. */
export function writeIso2709 (record: MarcRecord, opts: WriteOptions = {}): Buffer {
  const marc8 = opts.encoding === 'marc8'
  const modulo = opts.oversize === 'modulo'
  const enc = marc8 ? encodeMarc8 : (s: string) => Buffer.from(s.normalize('NFC'), 'utf8')
  const datas: Buffer[] = []
  let dir = ''
  let offset = 0
  for (const f of record.fields) {
    let bytes: Buffer
    if (isControlField(f)) bytes = Buffer.concat([enc(f.value), Buffer.of(FT)])
    else {
      const parts: Buffer[] = [Buffer.from((f.ind1 || ' ').slice(0, 1) + (f.ind2 || ' ').slice(0, 1), 'latin1')]
      for (const s of f.subfields) parts.push(Buffer.of(SF), enc(s.code), enc(s.value))
      parts.push(Buffer.of(FT))
      bytes = Buffer.concat(parts)
    }
    if (bytes.length > 9999 && !modulo) throw new LibgateError('LG_ERR_MARC_TOO_LONG', `field ${f.tag} is ${bytes.length} bytes; ISO 2709 allows 9,999`)
    const tag = (f.tag + '   ').slice(0, 3)
    dir += tag + pad(bytes.length % 10000, 4) + pad(offset % 100000, 5)
    datas.push(bytes)
    offset += bytes.length
  }
  const base = 24 + dir.length + 1
  const total = base + offset + 1
  if (total > 99999 && !modulo) throw new LibgateError('LG_ERR_MARC_TOO_LONG', `record is ${total} bytes; ISO 2709 allows 99,999`)
  const l = (record.leader + ' '.repeat(24)).slice(0, 24)
  const leader = pad(total % 100000, 5) + l.slice(5, 9) + (marc8 ? ' ' : 'a') + '22' + pad(base, 5) + l.slice(17, 20) + '4500'
  return Buffer.concat([Buffer.from(leader + dir, 'latin1'), Buffer.of(FT), ...datas, Buffer.of(RT)], total)
}
