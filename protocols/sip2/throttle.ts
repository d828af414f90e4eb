/**
 * Backoff for failed SIP2 logins (research/sip2.md §5: no ACS rate-limits `93`). After `free`
 * failures for a key, further attempts are refused without checking the password for 1 s, 2 s,
 * 4 s … up to 15 minutes; a success clears the key. One instance per listener. The session keys it
 * by (address, login) with a small allowance, and by address alone with a large one, so a
 * misconfigured kiosk behind a shared NAT address does not lock out its neighbours.
 */
const FORGET_MS = 60 * 60_000

export class LoginThrottle {
  private readonly fails = new Map<string, { n: number, until: number, last: number }>()

  constructor (private readonly now: () => number = Date.now, private readonly free = 5, private readonly maxMs = 15 * 60_000) {}

  locked (key: string): boolean {
    const e = this.fails.get(key)
    return e !== undefined && e.until > this.now()
  }

  fail (key: string, free: number = this.free): void {
    const now = this.now()
    const e = this.fails.get(key) ?? { n: 0, until: 0, last: now }
    if (now - e.last > FORGET_MS) e.n = 0 // failures an hour apart are forgotten
    e.last = now
    e.n++
    if (e.n >= free) e.until = now + Math.min(1000 * 2 ** (e.n - free), this.maxMs)
    this.fails.set(key, e)
    if (this.fails.size > 100_000) this.fails.delete(this.fails.keys().next().value as string)
  }

  succeed (key: string): void {
    this.fails.delete(key)
  }
}
