// The query model lives in src/model/query.ts (mappings may import the model, not the search engine);
// the search code and protocols know it by this name too.
export * from '../model/query.js'
