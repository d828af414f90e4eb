import type { AddressInfo } from 'node:net'

/** A TCP protocol listener (SIP2, Z39.50): the same lifecycle as the HTTP app (STYLE.md P13). */
export interface Listener {
  readonly name: string
  listen (): Promise<AddressInfo>
  /** Stops accepting, lets in-flight requests finish, then closes every connection. */
  close (): Promise<void>
}
