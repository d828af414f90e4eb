// Small records, fake crosswalks for the formats whose mappings are tested elsewhere, and a context.
import { pino } from 'pino'
import type { Isil } from '../../../src/model/isil.js'
import type { MarcRecord } from '../../../src/model/marc.js'
import { escapeText } from '../../../src/text/xml.js'
import { dcToOaiDcXml } from '../../../mappings/dc-to-xml.js'
import { setName } from '../../../mappings/record-sets.js'
import { type OaiContext, RenderCache } from '../../../protocols/oai-pmh/context.js'
import { type Crosswalks, metadataFormats } from '../../../protocols/oai-pmh/formats.js'
import { FakeStore } from './fake-store.js'

export const SECRET = 'test-secret'
export const T0 = Date.UTC(2024, 0, 1, 10, 0, 0) * 1000 // µs

export function marc (id: string, title: string): MarcRecord {
  return {
    leader: '00000nam a2200000 a 4500',
    fields: [{ tag: '001', value: id }, { tag: '245', ind1: '0', ind2: '0', subfields: [{ code: 'a', value: title }] }],
  }
}

const title = (r: MarcRecord): string => {
  for (const f of r.fields) if (f.tag === '245' && 'subfields' in f) return f.subfields[0].value
  return ''
}

export const FAKE_CROSSWALKS: Crosswalks = {
  marcToDc: (r) => ({ elements: [{ name: 'title', value: title(r) }] }),
  dcToOaiDcXml,
  marcToMarcXml: (r) => `<marc:record xmlns:marc="http://www.loc.gov/MARC21/slim"><marc:leader>${r.leader}</marc:leader><marc:datafield tag="245" ind1="0" ind2="0"><marc:subfield code="a">${escapeText(title(r))}</marc:subfield></marc:datafield></marc:record>`,
  marcToModsXml: (r) => `<mods xmlns="http://www.loc.gov/mods/v3" version="3.6"><titleInfo><title>${escapeText(title(r))}</title></titleInfo></mods>`,
  dcToModsXml: (d) => `<mods xmlns="http://www.loc.gov/mods/v3" version="3.6"><titleInfo><title>${escapeText(d.elements.find(e => e.name === 'title')?.value ?? '')}</title></titleInfo></mods>`,
}

export const HN = 'VN-HN' as Isil
export const HCM = 'VN-HCM' as Isil

/**
 * A repository: 5 MARC books in VN-HN one second apart from T0, one DC record in VN-HCM, and a
 * deleted VN-HN record; the snapshot is one minute after the last stamp.
 */
export function seeded (): FakeStore {
  const s = new FakeStore()
  for (let i = 1; i <= 5; i++) {
    s.put({ id: { isil: HN, localId: `b${i}` }, stamp: T0 + (i - 1) * 1_000_000, marc: marc(`b${i}`, `Sách số ${i}`), sets: ['library', 'library:VN-HN', 'type', 'type:book'] })
  }
  s.put({ id: { isil: HCM, localId: 'd1' }, stamp: T0 + 5_000_000, format: 'dc', dc: { elements: [{ name: 'title', value: 'Truyện Kiều' }, { name: 'type', value: 'Text' }] }, sets: ['library', 'library:VN-HCM', 'type', 'type:book'] })
  s.put({ id: { isil: HN, localId: 'gone' }, stamp: T0 + 6_000_000, deleted: true, sets: ['library', 'library:VN-HN', 'type', 'type:book'] })
  s.stable = T0 + 66_000_000
  return s
}

export function context (store: FakeStore, over: Partial<OaiContext> = {}): OaiContext {
  return {
    store,
    baseURL: 'http://lib.example.vn/oai',
    repositoryId: 'lib.example.vn',
    repositoryName: 'Thư viện thử',
    adminEmail: 'admin@lib.example.vn',
    pageSize: 2,
    tokenTtl: 3600,
    secret: SECRET,
    formats: metadataFormats(FAKE_CROSSWALKS),
    setName,
    log: pino({ level: 'silent' }),
    cache: new RenderCache(1 << 20),
    now: () => Date.UTC(2024, 0, 2) ,
    ...over,
  }
}
