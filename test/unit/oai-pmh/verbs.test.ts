// Every verb and every error code through the protocol layer (decoded arguments in, document out),
// on an in-memory store (STYLE.md P7).
import t from 'tap'
import { child, children, descendants, textOf } from '../../helpers/xml-tree.js'
import { encodeToken } from '../../../protocols/oai-pmh/resumption-token.js'
import { ask } from './run.js'
import { context, HCM, HN, marc, SECRET, seeded, T0 } from './fixtures.js'

const ID = (local: string, isil = 'VN-HN'): string => `oai:lib.example.vn:${isil}:${local}`
const sec = (us: number): string => new Date(Math.floor(us / 1000)).toISOString().slice(0, 19) + 'Z'

t.test('Identify: elements in schema order, real earliest datestamp, persistent deletes, compression', async t => {
  const a = await ask(context(seeded()), 'verb=Identify')
  t.same(a.errors, [])
  t.equal(textOf(a.root, 'responseDate'), sec(T0 + 66_000_000), 'responseDate is the snapshot second')
  t.same(a.request.attrs, { verb: 'Identify' })
  t.equal(a.request.text, 'http://lib.example.vn/oai')
  const id = a.verbElement!
  t.same(id.children.map(c => c.local), ['repositoryName', 'baseURL', 'protocolVersion', 'adminEmail', 'earliestDatestamp', 'deletedRecord', 'granularity', 'compression', 'compression', 'description'])
  t.equal(textOf(id, 'repositoryName'), 'Thư viện thử')
  t.equal(textOf(id, 'earliestDatestamp'), sec(T0))
  t.equal(textOf(id, 'deletedRecord'), 'persistent')
  t.equal(textOf(id, 'granularity'), 'YYYY-MM-DDThh:mm:ssZ')
  t.same(children(id, 'compression').map(c => c.text), ['gzip', 'deflate'])
  const oaiId = child(child(id, 'description')!, 'oai-identifier')!
  t.equal(oaiId.uri, 'http://www.openarchives.org/OAI/2.0/oai-identifier')
  t.equal(textOf(oaiId, 'repositoryIdentifier'), 'lib.example.vn')
  t.match(textOf(oaiId, 'sampleIdentifier'), /^oai:lib\.example\.vn:VN-H/)
})

t.test('the request element echoes arguments except on badVerb/badArgument', async t => {
  for (const q of ['verb=junk', 'verb=Identify&x=1', 'verb=GetRecord&identifier=invalid"id&metadataPrefix=oai_dc', 'verb=ListRecords&metadataPrefix=oai_dc&from=%3C!DOCTYPE']) {
    const a = await ask(context(seeded()), q)
    t.same(a.request.attrs, {}, q)
    t.equal(a.request.text, 'http://lib.example.vn/oai')
    t.notMatch(a.xml, /DOCTYPE|invalid"/, 'nothing of the bad value is echoed')
  }
  const a = await ask(context(seeded()), `verb=GetRecord&identifier=${ID('nope')}&metadataPrefix=oai_dc`)
  t.same(a.errors, ['idDoesNotExist'])
  t.same(a.request.attrs, { verb: 'GetRecord', identifier: ID('nope'), metadataPrefix: 'oai_dc' })
})

t.test('ListMetadataFormats with and without identifier', async t => {
  const ctx = context(seeded())
  const prefixes = async (q: string): Promise<string[]> => descendants((await ask(ctx, q)).root, 'metadataPrefix').map(e => e.text)
  t.same(await prefixes('verb=ListMetadataFormats'), ['oai_dc', 'marc21', 'marcxml', 'mods'])
  t.same(await prefixes(`verb=ListMetadataFormats&identifier=${ID('b1')}`), ['oai_dc', 'marc21', 'marcxml', 'mods'])
  t.same(await prefixes(`verb=ListMetadataFormats&identifier=${ID('d1', 'VN-HCM')}`), ['oai_dc', 'mods'], 'a DC record has no MARCXML')
  const all = await ask(ctx, 'verb=ListMetadataFormats')
  const dc = all.verbElement!.children[0]
  t.equal(textOf(dc, 'schema'), 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd')
  t.equal(textOf(dc, 'metadataNamespace'), 'http://www.openarchives.org/OAI/2.0/oai_dc/')
  t.same((await ask(ctx, 'verb=ListMetadataFormats&identifier=oai:nope.org:1')).errors, ['idDoesNotExist'])
  t.same((await ask(ctx, `verb=ListMetadataFormats&identifier=${ID('zzz')}`)).errors, ['idDoesNotExist'])
})

t.test('ListSets: parents and leaves, Vietnamese and English names; tokens refused', async t => {
  const a = await ask(context(seeded()), 'verb=ListSets')
  const sets = children(a.verbElement!, 'set')
  t.same(sets.map(s => textOf(s, 'setSpec')), ['library', 'library:VN-HCM', 'library:VN-HN', 'type', 'type:book'])
  t.equal(textOf(sets[2], 'setName'), 'Thư viện VN-HN / Library VN-HN')
  const langs = descendants(sets[2], 'description').map(d => d.attrs['xml:lang'])
  t.same(langs, ['vi', 'en'])
  t.same((await ask(context(seeded()), 'verb=ListSets&resumptionToken=junk')).errors, ['badResumptionToken'])
})

t.test('GetRecord: live, deleted, and every error', async t => {
  const store = seeded()
  store.put({ id: { isil: HN, localId: 'prov' }, stamp: T0 + 7_000_000, marc: marc('prov', 'Có nguồn'), sets: ['library:VN-HN'], provenance: { baseURL: 'http://up.example/oai', identifier: 'oai:up:1', datestamp: '2020-01-01T00:00:00Z', metadataNamespace: 'http://www.loc.gov/MARC21/slim', harvestDate: '2024-01-01T00:00:00Z' } })
  const ctx = context(store)
  const a = await ask(ctx, `verb=GetRecord&identifier=${ID('b2')}&metadataPrefix=oai_dc`)
  t.same(a.errors, [])
  const rec = child(a.verbElement!, 'record')!
  const header = child(rec, 'header')!
  t.equal(textOf(header, 'identifier'), ID('b2'))
  t.equal(textOf(header, 'datestamp'), sec(T0 + 1_000_000))
  t.same(children(header, 'setSpec').map(s => s.text), ['library', 'library:VN-HN', 'type', 'type:book'])
  t.equal(descendants(rec, 'title')[0].text, 'Sách số 2')
  t.match(a.xml, /<oai_dc:dc [^>]*xsi:schemaLocation="http:\/\/www.openarchives.org\/OAI\/2.0\/oai_dc\/ http:\/\/www.openarchives.org\/OAI\/2.0\/oai_dc.xsd"/)
  t.notOk(child(rec, 'about'), 'no about without provenance')

  const m = await ask(ctx, `verb=GetRecord&identifier=${ID('b2')}&metadataPrefix=marc21`)
  t.match(m.xml, /<marc:record xmlns:marc="http:\/\/www.loc.gov\/MARC21\/slim" xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance" xsi:schemaLocation="http:\/\/www.loc.gov\/MARC21\/slim http:\/\/www.loc.gov\/standards\/marcxml\/schema\/MARC21slim.xsd">/)

  const d = await ask(ctx, `verb=GetRecord&identifier=${ID('gone')}&metadataPrefix=oai_dc`)
  const drec = child(d.verbElement!, 'record')!
  t.equal(child(drec, 'header')!.attrs.status, 'deleted')
  t.equal(textOf(child(drec, 'header'), 'datestamp'), sec(T0 + 6_000_000), 'the deletion time')
  t.same(children(child(drec, 'header')!, 'setSpec').map(s => s.text), ['library', 'library:VN-HN', 'type', 'type:book'], 'last set memberships kept')
  t.notOk(child(drec, 'metadata'))

  const p = await ask(ctx, `verb=GetRecord&identifier=${ID('prov')}&metadataPrefix=oai_dc`)
  const about = child(child(p.verbElement!, 'record')!, 'about')!
  t.equal(about.children[0].uri, 'http://www.openarchives.org/OAI/2.0/provenance')
  t.equal(descendants(about, 'baseURL')[0].text, 'http://up.example/oai')

  t.same((await ask(ctx, `verb=GetRecord&identifier=${ID('b2')}&metadataPrefix=nope`)).errors, ['cannotDisseminateFormat'])
  t.same((await ask(ctx, `verb=GetRecord&identifier=${ID('d1', 'VN-HCM')}&metadataPrefix=marc21`)).errors, ['cannotDisseminateFormat'])
  t.same((await ask(ctx, `verb=GetRecord&identifier=${ID('nope')}&metadataPrefix=oai_dc`)).errors, ['idDoesNotExist'])
  t.same((await ask(ctx, 'verb=GetRecord&identifier=oai:other.org:VN-HN:b1&metadataPrefix=oai_dc')).errors, ['idDoesNotExist'])
})

interface Page { ids: string[], deleted: string[], token: { text: string, attrs: Record<string, string> } | undefined, responseDate: string, errors: string[] }

async function page (ctx: ReturnType<typeof context>, q: string): Promise<Page> {
  const a = await ask(ctx, q)
  const headers = a.verbElement === undefined ? [] : descendants(a.verbElement, 'header')
  const tok = a.verbElement === undefined ? undefined : child(a.verbElement, 'resumptionToken')
  if (tok !== undefined) t.equal(a.verbElement!.children[a.verbElement!.children.length - 1], tok, 'the token is the last child')
  return {
    ids: headers.map(h => textOf(h, 'identifier')!),
    deleted: headers.filter(h => h.attrs.status === 'deleted').map(h => textOf(h, 'identifier')!),
    token: tok === undefined ? undefined : { text: tok.text, attrs: tok.attrs },
    responseDate: textOf(a.root, 'responseDate')!,
    errors: a.errors,
  }
}

async function harvest (ctx: ReturnType<typeof context>, verb: string, args: string): Promise<{ pages: Page[], ids: string[] }> {
  const pages: Page[] = [await page(ctx, `verb=${verb}&${args}`)]
  while (pages[pages.length - 1].token?.text) pages.push(await page(ctx, `verb=${verb}&resumptionToken=${pages[pages.length - 1].token!.text}`))
  return { pages, ids: pages.flatMap(p => p.ids) }
}

t.test('full traversal: keyset pages, cursor, completeListSize, empty last token', async t => {
  const ctx = context(seeded())
  const { pages, ids } = await harvest(ctx, 'ListIdentifiers', 'metadataPrefix=oai_dc')
  t.same(ids, ['b1', 'b2', 'b3', 'b4', 'b5'].map(x => ID(x)).concat([ID('d1', 'VN-HCM'), ID('gone')]))
  t.same(pages.map(p => p.ids.length), [2, 2, 2, 1])
  t.same(pages.map(p => p.token?.attrs.cursor), ['0', '2', '4', '6'])
  t.same(pages.map(p => p.token?.attrs.completeListSize), ['7', '7', '7', '7'])
  t.ok(pages[0].token!.text !== '', 'the first page never has an empty token')
  t.equal(pages[3].token!.text, '', 'the last page has an empty token')
  t.notOk(pages[3].token!.attrs.expirationDate)
  t.match(pages[0].token!.attrs.expirationDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  t.same(pages.map(p => p.responseDate), Array(4).fill(sec(T0 + 66_000_000)), 'every page repeats the list snapshot second')
  t.same(pages[3].deleted, [ID('gone')])
  t.match(ctx.store, {}, 'store untouched')
})

t.test('a list that fits one page has no token at all', async t => {
  const p = await page(context(seeded(), { pageSize: 100 }), 'verb=ListIdentifiers&metadataPrefix=oai_dc')
  t.equal(p.ids.length, 7)
  t.equal(p.token, undefined)
})

t.test('a page of exactly pageSize at the end of the list gets an empty token on the next page only if more exist', async t => {
  const { pages } = await harvest(context(seeded(), { pageSize: 7 }), 'ListIdentifiers', 'metadataPrefix=oai_dc')
  t.equal(pages.length, 1)
  t.equal(pages[0].token, undefined)
})

t.test('ListRecords marc21 leaves out what cannot be disseminated; keeps deletions', async t => {
  const { ids, pages } = await harvest(context(seeded()), 'ListRecords', 'metadataPrefix=marc21')
  t.same(ids, ['b1', 'b2', 'b3', 'b4', 'b5', 'gone'].map(x => ID(x)))
  t.equal(pages[0].token!.attrs.completeListSize, '6')
})

t.test('from/until are inclusive, in both granularities', async t => {
  const ctx = context(seeded())
  const at = (n: number): string => sec(T0 + n * 1_000_000)
  t.same((await harvest(ctx, 'ListIdentifiers', `metadataPrefix=oai_dc&from=${at(2)}&until=${at(2)}`)).ids, [ID('b3')])
  t.same((await harvest(ctx, 'ListIdentifiers', `metadataPrefix=oai_dc&from=${at(4)}`)).ids, [ID('b5'), ID('d1', 'VN-HCM'), ID('gone')])
  t.same((await harvest(ctx, 'ListIdentifiers', `metadataPrefix=oai_dc&until=${at(1)}`)).ids, [ID('b1'), ID('b2')])
  t.equal((await harvest(ctx, 'ListIdentifiers', 'metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-01')).ids.length, 7)
  t.same((await page(ctx, 'verb=ListIdentifiers&metadataPrefix=oai_dc&until=2023-01-01')).errors, ['noRecordsMatch'], 'until before earliest')
  t.same((await page(ctx, 'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-01-03')).errors, ['noRecordsMatch'], 'from in the future')
})

t.test('sets select with their subsets; an unknown set is an empty list', async t => {
  const ctx = context(seeded())
  t.equal((await harvest(ctx, 'ListIdentifiers', 'metadataPrefix=oai_dc&set=library')).ids.length, 7)
  t.same((await harvest(ctx, 'ListIdentifiers', 'metadataPrefix=oai_dc&set=library:VN-HCM')).ids, [ID('d1', 'VN-HCM')])
  const hn = await harvest(ctx, 'ListIdentifiers', 'metadataPrefix=oai_dc&set=library:VN-HN')
  t.ok(hn.ids.includes(ID('gone')), 'a deleted record stays in its last sets')
  t.same((await page(ctx, 'verb=ListRecords&metadataPrefix=oai_dc&set=nosuch')).errors, ['noRecordsMatch'])
})

t.test('unknown metadataPrefix in lists', async t => {
  t.same((await page(context(seeded()), 'verb=ListRecords&metadataPrefix=nope')).errors, ['cannotDisseminateFormat'])
})

t.test('tokens: tampered, other verb, expired, junk → badResumptionToken; reuse is idempotent', async t => {
  const ctx = context(seeded())
  const first = await page(ctx, 'verb=ListRecords&metadataPrefix=oai_dc')
  const tok = first.token!.text
  const again1 = await ask(ctx, `verb=ListRecords&resumptionToken=${tok}`)
  const again2 = await ask(ctx, `verb=ListRecords&resumptionToken=${tok}`)
  t.equal(again1.xml, again2.xml, 'the same token twice gives the same document')
  const flipped = tok.slice(0, 5) + (tok[5] === 'A' ? 'B' : 'A') + tok.slice(6)
  t.same((await page(ctx, `verb=ListRecords&resumptionToken=${flipped}`)).errors, ['badResumptionToken'])
  t.same((await page(ctx, `verb=ListIdentifiers&resumptionToken=${tok}`)).errors, ['badResumptionToken'])
  t.same((await page(ctx, 'verb=ListRecords&resumptionToken=junk')).errors, ['badResumptionToken'])
  const later = context(ctx.store as ReturnType<typeof seeded>, { now: () => Date.UTC(2024, 0, 2) + 3601_000 })
  t.same((await page(later, `verb=ListRecords&resumptionToken=${tok}`)).errors, ['badResumptionToken'], 'expired')
  const forged = encodeToken({ verb: 'ListRecords', metadataPrefix: 'oai_dc', untilStamp: 1, responseSecond: 1, after: 0, cursor: 0, completeListSize: 1, expires: 9e9 }, 'another secret')
  t.same((await page(ctx, `verb=ListRecords&resumptionToken=${forged}`)).errors, ['badResumptionToken'])
  const ok = encodeToken({ verb: 'ListRecords', metadataPrefix: 'oai_dc', untilStamp: T0 + 10_000_000, responseSecond: 1, after: T0 + 3_000_000, cursor: 4, completeListSize: 7, expires: 9e9 }, SECRET)
  t.same((await page(ctx, `verb=ListRecords&resumptionToken=${ok}`)).ids, [ID('b5'), ID('d1', 'VN-HCM')])
})

t.test('the snapshot: changes in the current second wait for the next harvest, none is lost', async t => {
  const store = seeded()
  // a commit in the snapshot second itself (stable is T0+66s; this is T0+66.5s, already visible)
  store.put({ id: { isil: HN, localId: 'late' }, stamp: T0 + 66_500_000, marc: marc('late', 'Muộn'), sets: ['library:VN-HN'] })
  store.stable = T0 + 66_700_000
  const ctx = context(store, { pageSize: 100 })
  const full = await page(ctx, 'verb=ListIdentifiers&metadataPrefix=oai_dc')
  t.notOk(full.ids.includes(ID('late')), 'not in this list')
  t.equal(full.responseDate, sec(T0 + 66_000_000))
  // a write in flight in another process commits later with a stamp in the same second
  store.put({ id: { isil: HN, localId: 'inflight' }, stamp: T0 + 66_800_000, marc: marc('inflight', 'Đang ghi'), sets: ['library:VN-HN'] })
  store.stable = T0 + 70_000_000
  const inc = await page(ctx, `verb=ListIdentifiers&metadataPrefix=oai_dc&from=${full.responseDate}`)
  t.same(inc.ids, [ID('late'), ID('inflight')])
})

t.test('records changed during a harvest are not served twice within it and come with the next one', async t => {
  const store = seeded()
  const ctx = context(store)
  const p1 = await page(ctx, 'verb=ListIdentifiers&metadataPrefix=oai_dc')
  t.same(p1.ids, [ID('b1'), ID('b2')])
  // b1 (already served) and b4 (not yet served) change now
  store.stable = T0 + 80_000_000
  await store.upsertBatch([
    { id: { isil: HN, localId: 'b1' }, format: 'marc21', marc: marc('b1', 'Sửa'), dc: null, deleted: false, sets: ['library:VN-HN'] },
    { id: { isil: HN, localId: 'b4' }, format: 'marc21', marc: null, dc: null, deleted: true, sets: [] },
  ])
  store.put({ ...(await store.get({ isil: HN, localId: 'b1' }))!, stamp: T0 + 70_000_000 })
  store.put({ ...(await store.get({ isil: HN, localId: 'b4' }))!, stamp: T0 + 70_000_001 })
  const rest: string[] = []
  let tok = p1.token!.text
  while (tok !== '') {
    const p = await page(ctx, `verb=ListIdentifiers&resumptionToken=${tok}`)
    rest.push(...p.ids)
    tok = p.token?.text ?? ''
  }
  t.same(rest, [ID('b3'), ID('b5'), ID('d1', 'VN-HCM'), ID('gone')], 'b4 moved out of this list, b1 not repeated')
  const inc = await page(ctx, `verb=ListIdentifiers&metadataPrefix=oai_dc&from=${p1.responseDate}`)
  t.same(inc.ids, [ID('b1'), ID('b4')])
  t.same(inc.deleted, [ID('b4')])
})

t.test('characters XML 1.0 forbids never reach the output; oai_dc text is NFC', async t => {
  const store = seeded()
  store.put({ id: { isil: HCM, localId: 'bad' }, stamp: T0 + 8_000_000, marc: marc('bad', 'A\u001Ab\u001B\uFFFEc\uD800 Vie\u0302\u0323t'), sets: ['library:VN-HCM'] })
  const ctx = context(store)
  for (const prefix of ['oai_dc', 'marc21', 'mods']) {
    const a = await ask(ctx, `verb=GetRecord&identifier=${ID('bad', 'VN-HCM')}&metadataPrefix=${prefix}`)
    t.notMatch(a.xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/, prefix)
    t.match(a.xml, /Abc Vie\u0302\u0323t|Abc Việt/, prefix)
  }
  // NFC is the crosswalks' job (mappings/); the real oai_dc writer is used here
  t.match((await ask(ctx, `verb=GetRecord&identifier=${ID('bad', 'VN-HCM')}&metadataPrefix=oai_dc`)).xml, 'Abc Việt')
})
