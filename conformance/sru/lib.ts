// Shared setup of the SRU conformance suite: a started libgate with the 31 Vietnamese records
// (or, with LIBGATE_SRU_URL set, an already running one), XSD validation through the offline
// catalog, and a tiny HTTP getter.
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { startGateway, SHARED, ROOT } from '../helpers/gateway.js'
import { xmllintValidate } from '../../test/helpers/xmllint.js'

export const VN_MRC = resolve(SHARED, 'data/marc/vietnamese/vn-utf8-nfc.mrc')
export const VN_XML = resolve(SHARED, 'data/marc/vietnamese/vn-utf8-nfc.xml')
const SCHEMAS = resolve(ROOT, 'conformance/schemas/sru')

export interface Target { readonly sru: string, stop (): Promise<void> }

export async function startTarget (): Promise<Target> {
  const url = process.env.LIBGATE_SRU_URL
  if (url !== undefined && url !== '') return { sru: url, stop: async () => {} }
  const gw = await startGateway({ imports: [['VN-TEST', VN_MRC]] })
  return { sru: `${gw.httpUrl}/sru`, stop: () => gw.stop() }
}

export async function fetchText (url: string, init?: RequestInit): Promise<{ status: number, type: string, body: string }> {
  const r = await fetch(url, init)
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() }
}

/** xmllint --schema against the SRU 2.0 schemas (LoC copies, offline); '' when valid, else the errors. */
export function validate20 (xml: string): string {
  return xmllintValidate([xml], join(SCHEMAS, 'sru-2-0/sruResponse.xsd'), join(SCHEMAS, 'catalog.xml')).join('\n')
}

export function run (cmd: string, args: string[], input?: string): { status: number | null, out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000, ...(input !== undefined ? { input } : {}) })
  return { status: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') }
}

export const hits = (xml: string): number => Number(/numberOfRecords>(\d+)</.exec(xml)?.[1] ?? NaN)
