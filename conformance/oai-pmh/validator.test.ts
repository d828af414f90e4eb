// The TypeScript port of the registration validator (zimeon/oaipmh-validator) against a started libgate.
import t from 'tap'
import { OaiValidator, summary } from './lib/validator.js'
import { startOaiGateway } from './lib/gateway.js'

const g = await startOaiGateway()
t.teardown(() => g.gw.stop())

t.test('no check fails', async t => {
  const v = new OaiValidator(g.base)
  const ok = await v.run()
  t.ok(ok, summary(v.failures))
  t.comment(summary(v.log))
})
