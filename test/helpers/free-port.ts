// A free TCP port on loopback, for listeners a test must name a port for (SIP2's 0 means "off").
import { createServer, type AddressInfo } from 'node:net'

export async function freePort (): Promise<number> {
  const srv = createServer()
  await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve))
  const port = (srv.address() as AddressInfo).port
  await new Promise(resolve => srv.close(resolve))
  return port
}
