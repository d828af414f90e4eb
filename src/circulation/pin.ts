import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/**
 * Secrets at rest: scrypt with a random salt, parameters kept in the string so they can change
 * (`scrypt$N$r$p$salt$hash`). Device passwords use N=2^14; patron PINs N=2^12: a 4-digit PIN falls
 * to an offline search whatever the cost, so the cost only needs to make online guessing and bulk
 * import sensible (measured here: 41 ms and 11 ms per hash).
 */
export const DEVICE_COST = 16384
export const PIN_COST = 4096

function scryptAsync (secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, 32, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => { if (err !== null) reject(err); else resolve(key) })
  })
}

export async function hashSecret (secret: string, cost: number): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(secret.normalize('NFC'), salt, cost, 8, 1)
  return `scrypt$${cost}$8$1$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function verifySecret (secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, n, r, p, salt, hash] = parts
  const want = Buffer.from(hash, 'base64')
  const got = await scryptAsync(secret.normalize('NFC'), Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p))
  return got.length === want.length && timingSafeEqual(got, want)
}

/**
 * Remembers PINs already verified, so a kiosk that sends `AD` with every message does not pay scrypt
 * each time. Entries hold an HMAC of the PIN under a key that exists only in this process, tied to
 * the stored hash (a changed PIN invalidates them). Failures are never cached: each costs a full scrypt.
 */
export class VerifiedPinCache {
  private readonly key = randomBytes(32)
  private readonly map = new Map<string, string>()

  constructor (private readonly max = 50_000) {}

  private tag (stored: string, pin: string): string {
    return createHmac('sha256', this.key).update(stored).update('\0').update(pin).digest('base64')
  }

  async verify (id: string, pin: string, stored: string): Promise<boolean> {
    const tag = this.tag(stored, pin)
    if (this.map.get(id) === tag) return true
    const ok = await verifySecret(pin, stored)
    if (ok) {
      if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string)
      this.map.set(id, tag)
    }
    return ok
  }
}
