// Builds a Fastify app with only the SRU plugin on a fake store (STYLE.md P7).
import Fastify, { type FastifyInstance } from 'fastify'
import formbody from '@fastify/formbody'
import pino from 'pino'
import sru from '../../../protocols/sru/plugin.js'
import type { Settings } from '../../../src/config/settings.js'
import type { RecordStore } from '../../../src/store/port.js'
import { fakeStore, marc, storedMarc, type FakeStore } from './fake-store.js'

export function sampleStore (): FakeStore {
  return fakeStore([
    storedMarc('VN-A', '1', marc('1', 'Truyện Kiều', { author: 'Nguyễn Du', subjects: ['Thơ'], year: '1820' }), ['type:book']),
    storedMarc('VN-A', '2', marc('2', 'Kiều tân truyện', { author: 'Phạm Quỳnh', subjects: ['Thơ', 'Văn học'], year: '1910' }), ['type:book']),
    storedMarc('VN-B', '3', marc('3', 'Lục Vân Tiên', { author: 'Nguyễn Đình Chiểu', subjects: ['Văn học'], year: '1850' }), ['type:book']),
    storedMarc('VN-B', '4', marc('4', 'Bà Triệu', { author: 'Anh Thư', subjects: ['Lịch sử'], year: '1995', lang: 'eng' }), ['type:book']),
    storedMarc('VN-B', '5', marc('5', 'Ba người lính', { author: 'Bùi Hiển', subjects: ['Lịch sử', 'Văn học'], year: '1960' }), ['type:book']),
  ])
}

export async function build (store: RecordStore = sampleStore(), settings: Partial<Settings> = {}): Promise<FastifyInstance> {
  const app = Fastify()
  await app.register(formbody)
  const full = { sruMaxRecords: 100, baseUrl: 'http://127.0.0.1:8080', repositoryName: 'libgate test', adminEmail: 'admin@example.org', ...settings } as Settings
  await app.register(sru, { services: { store, settings: full, log: pino({ level: 'silent' }), secret: 'test' } })
  return app
}

/** GET /sru?{qs}; returns the body. */
export async function get (app: FastifyInstance, qs: string, path = '/sru'): Promise<string> {
  const r = await app.inject({ method: 'GET', url: `${path}?${qs}` })
  if (r.statusCode !== 200) throw new Error(`HTTP ${r.statusCode}`)
  return r.body
}

export function diagnosticNumbers (xml: string): number[] {
  return [...xml.matchAll(/info:srw\/diagnostic\/1\/(\d+)/g)].map(m => Number(m[1]))
}

export function numberOfRecords (xml: string): number | undefined {
  const m = /<(?:zs|sru):numberOfRecords>(\d+)</.exec(xml)
  return m === null ? undefined : Number(m[1])
}
