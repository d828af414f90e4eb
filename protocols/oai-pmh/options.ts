import type { Services } from '../../src/services.js'
import { type OaiContext, RenderCache } from './context.js'
import { type Crosswalks, metadataFormats } from './formats.js'
import { setName } from '../../mappings/record-sets.js'

/** Rendered metadata kept for concurrent harvesters and repeated GetRecords (characters, ~2 bytes each). */
const CACHE_CHARS = 16 * 1024 * 1024

/** The verbs' context from the composition root's services and the crosswalks. */
export function oaiContext (services: Services, crosswalks: Crosswalks): OaiContext {
  const s = services.settings
  return {
    store: services.store,
    baseURL: `${s.baseUrl}/oai`,
    repositoryId: s.repositoryId,
    repositoryName: s.repositoryName,
    adminEmail: s.adminEmail,
    pageSize: s.oaiPageSize,
    tokenTtl: s.oaiTokenTtl,
    secret: services.secret,
    formats: metadataFormats(crosswalks),
    setName,
    log: services.log.child({ proto: 'oai-pmh' }),
    cache: new RenderCache(CACHE_CHARS),
    now: () => Date.now(),
  }
}
