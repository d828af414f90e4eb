/**
 * A least-recently-used map bounded by entry count and by a total weight (ids, characters), so that
 * the result-set and rendered-record caches have a memory ceiling whatever the traffic. Entries may
 * carry an expiry (ms since epoch); an expired entry is a miss. Pure: time comes from the caller.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, { value: V, weight: number, expires: number }>()
  private weight = 0

  constructor (private readonly maxEntries: number, private readonly maxWeight: number) {}

  get (key: K, now = 0): V | undefined {
    const e = this.map.get(key)
    if (e === undefined) return undefined
    if (e.expires !== 0 && e.expires <= now) { this.delete(key); return undefined }
    // Map keeps insertion order: re-inserting moves the entry to the most recent end.
    this.map.delete(key)
    this.map.set(key, e)
    return e.value
  }

  /** Stores `value`; a value heavier than the whole budget is not kept. `expires` 0 = never. */
  set (key: K, value: V, weight = 1, expires = 0): void {
    this.delete(key)
    if (weight > this.maxWeight) return
    this.map.set(key, { value, weight, expires })
    this.weight += weight
    while (this.map.size > this.maxEntries || this.weight > this.maxWeight) {
      const oldest = this.map.keys().next()
      if (oldest.done === true) break
      this.delete(oldest.value)
    }
  }

  /** Re-weighs an entry after the caller grew it in place (a result set that learnt more ids). */
  reweigh (key: K, weight: number): void {
    const e = this.map.get(key)
    if (e === undefined) return
    this.weight += weight - e.weight
    e.weight = weight
    while (this.weight > this.maxWeight && this.map.size > 0) {
      const oldest = this.map.keys().next()
      if (oldest.done === true) break
      this.delete(oldest.value)
    }
  }

  delete (key: K): void {
    const e = this.map.get(key)
    if (e === undefined) return
    this.map.delete(key)
    this.weight -= e.weight
  }
}
