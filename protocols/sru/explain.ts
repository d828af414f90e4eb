import { CONTEXT_SETS, CQL_INDEXES, DEFAULT_CONTEXT_SET, SORT_CONTEXT_SET, qualifiedName } from '../../mappings/cql-indexes.js'
import { escapeText } from '../../src/text/xml.js'
import { NS } from './namespaces.js'
import { DEFAULT_SCHEMA, RECORD_SCHEMAS } from './schemas.js'
import type { Limits, SruVersion } from './request.js'

export interface ExplainInfo {
  readonly host: string
  readonly port: number
  readonly database: string
  readonly title: string
  readonly description: string
  readonly contact?: string
  readonly limits: Limits
}

/**
 * The ZeeRex 2.0 record (research §1.12), generated from the same tables the CQL compiler and the
 * record renderer use (mappings/cql-indexes.ts, schemas.ts): every listed index, relation and
 * schema works, and nothing is listed that does not.
 */
export function explainRecord (info: ExplainInfo, version: SruVersion): string {
  const e = escapeText
  let s = `<zr:explain xmlns:zr="${NS.zeerex}">`
  s += `<zr:serverInfo protocol="SRU" version="${version}" transport="http" method="GET POST">`
  s += `<zr:host>${e(info.host)}</zr:host><zr:port>${info.port}</zr:port><zr:database>${e(info.database)}</zr:database></zr:serverInfo>`
  s += `<zr:databaseInfo><zr:title lang="en" primary="true">${e(info.title)}</zr:title><zr:description lang="en" primary="true">${e(info.description)}</zr:description>`
  if (info.contact !== undefined) s += `<zr:contact>${e(info.contact)}</zr:contact>`
  s += '</zr:databaseInfo>'
  s += '<zr:indexInfo>'
  const used = new Set(CQL_INDEXES.map(r => r.set))
  for (const set of CONTEXT_SETS) {
    if (used.has(set.name)) s += `<zr:set name="${set.name}" identifier="${e(set.identifier)}"><zr:title>${e(set.title)}</zr:title></zr:set>`
  }
  s += `<zr:set name="${SORT_CONTEXT_SET.name}" identifier="${SORT_CONTEXT_SET.identifier}"><zr:title>${SORT_CONTEXT_SET.title}</zr:title></zr:set>`
  for (const r of CQL_INDEXES) {
    const names = [r.name, ...(r.aliases ?? [])]
    s += `<zr:index search="true" scan="${String(r.scan)}" sort="${String(r.sort)}" id="${e(qualifiedName(r))}"><zr:title lang="en">${e(r.title)}</zr:title>`
    s += `<zr:map primary="true"><zr:name set="${r.set}">${e(names[0])}</zr:name></zr:map>`
    for (const a of names.slice(1)) s += `<zr:map><zr:name set="${r.set}">${e(a)}</zr:name></zr:map>`
    s += '</zr:index>'
  }
  s += '</zr:indexInfo>'
  s += '<zr:schemaInfo>'
  for (const sc of RECORD_SCHEMAS) {
    s += `<zr:schema identifier="${e(sc.identifier)}" name="${sc.name}" retrieve="true" sort="false"><zr:title lang="en">${e(sc.title)}</zr:title></zr:schema>`
  }
  s += '</zr:schemaInfo>'
  const l = info.limits
  s += '<zr:configInfo>'
  s += `<zr:default type="numberOfRecords">${l.defaultRecords}</zr:default>`
  s += `<zr:default type="contextSet">${DEFAULT_CONTEXT_SET}</zr:default>`
  s += `<zr:default type="index">cql.serverChoice</zr:default>`
  s += `<zr:default type="relation">=</zr:default>`
  s += `<zr:default type="retrieveSchema">${DEFAULT_SCHEMA.name}</zr:default>`
  s += `<zr:default type="recordPacking">xml</zr:default>`
  s += `<zr:default type="resultSetTTL">${l.defaultResultSetTtl}</zr:default>`
  s += `<zr:setting type="maximumRecords">${l.maxRecords}</zr:setting>`
  s += `<zr:setting type="maximumTerms">${l.maxTerms}</zr:setting>`
  s += `<zr:setting type="resultSetTTL">${l.maxResultSetTtl}</zr:setting>`
  for (const rel of ['=', '==', 'exact', 'any', 'all', 'adj', '<', '>', '<=', '>=', '<>', 'within']) s += `<zr:supports type="relation">${e(rel)}</zr:supports>`
  for (const m of ['ignoreAccents', 'respectAccents', 'ignoreCase', 'masked', 'unmasked', 'word', 'string', 'locale']) s += `<zr:supports type="relationModifier">${m}</zr:supports>`
  for (const m of ['*', '?']) s += `<zr:supports type="maskingCharacter">${m}</zr:supports>`
  s += '<zr:supports type="anchoring"/>'
  s += '<zr:supports type="sort"/>'
  s += '<zr:supports type="scan"/>'
  s += '</zr:configInfo>'
  return s + '</zr:explain>'
}
