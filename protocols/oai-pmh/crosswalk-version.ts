import type { Logger } from '../../src/log.js'
import type { RecordStore } from '../../src/store/port.js'

const META_KEY = 'oai-pmh.crosswalk-version'

/**
 * A record's datestamp must move when its disseminated form changes (C-30, R-55), and a new
 * crosswalk version changes every record's metadata. So when the server starts with crosswalks of a
 * version other than the one the store last served, every live record's stamp is moved (touchAll)
 * and harvesters fetch everything again. The first start only records the version: every record was
 * stamped by its import, after which nothing was served yet. Returns the number of records moved.
 */
export async function applyCrosswalkVersion (store: RecordStore, version: string, log: Logger): Promise<number> {
  const served = await store.getOrCreateMeta(META_KEY, () => version)
  if (served === version) return 0
  const moved = await store.touchAll(`crosswalk version ${served} → ${version}`)
  await store.setMeta(META_KEY, version)
  log.info({ from: served, to: version, records: moved }, 'crosswalk version changed: datestamps moved so harvesters fetch every record again')
  return moved
}
