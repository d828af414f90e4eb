// Small synthetic MARC records for the OAI-PMH integration tests.
import type { MarcRecord } from '../../src/model/marc.js'

export function synthMarc (id: string, title: string): MarcRecord {
  return {
    leader: '00000nam a2200000 a 4500',
    fields: [
      { tag: '001', value: id },
      { tag: '008', value: '240101s2024    vm            000 0 vie d' },
      { tag: '245', ind1: '0', ind2: '0', subfields: [{ code: 'a', value: title }] },
      { tag: '650', ind1: ' ', ind2: '7', subfields: [{ code: 'a', value: 'Văn học Việt Nam' }] },
    ],
  }
}
