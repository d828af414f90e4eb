import type { RecordStore } from './store/port.js'
import type { Settings } from './config/settings.js'
import type { Logger } from './log.js'

/**
 * What the composition root hands to every protocol: the ports, the settings and a logger.
 * Protocol code receives this and never constructs an adapter itself.
 */
export interface Services {
  readonly store: RecordStore
  readonly settings: Settings
  readonly log: Logger
  /** Key for signing stateless tokens (OAI-PMH resumption tokens); the same on every instance. */
  readonly secret: string
}
