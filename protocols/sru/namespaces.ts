/** Namespaces of SRU responses (research §1.10, §1.13). */
export const NS = {
  srw: 'http://www.loc.gov/zing/srw/',
  srwDiag: 'http://www.loc.gov/zing/srw/diagnostic/',
  xcql: 'http://www.loc.gov/zing/cql/xcql/',
  sru2: 'http://docs.oasis-open.org/ns/search-ws/sruResponse',
  diag2: 'http://docs.oasis-open.org/ns/search-ws/diagnostic',
  scan2: 'http://docs.oasis-open.org/ns/search-ws/scan',
  facet2: 'http://docs.oasis-open.org/ns/search-ws/facetedResults',
  zeerex: 'http://explain.z3950.org/dtd/2.0/',
} as const

export const DIAGNOSTIC_SCHEMA = 'info:srw/schema/1/diagnostics-v1.1'
