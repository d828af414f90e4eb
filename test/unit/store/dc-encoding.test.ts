// An oai_dc file whose XML declaration names another encoding is decoded as it says, as MARCXML is.
import t from 'tap'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { importFiles } from '../../../src/ingest/import.js'
import type { Isil } from '../../../src/model/isil.js'
import { tempStore } from './make.js'

t.test('ISO-8859-1 declared Dublin Core', async t => {
  const { store, file } = tempStore(t)
  const xml = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    '<dc:identifier>lat-1</dc:identifier><dc:title>Les Misérables à Paris</dc:title></oai_dc:dc>\n'
  const dc = join(file, '..', 'latin1.xml')
  writeFileSync(dc, Buffer.from(xml, 'latin1'))
  const summary = await importFiles(store, { library: 'VN-TEST' as Isil, files: [dc] })
  t.equal(summary.counts.added, 1)
  const r = await store.get({ isil: 'VN-TEST' as Isil, localId: 'lat-1' })
  t.same(r?.dc?.elements.find(e => e.name === 'title')?.value, 'Les Misérables à Paris')
})
