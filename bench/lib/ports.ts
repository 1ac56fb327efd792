import net from 'node:net';

/**
 * A TCP port free right now on 127.0.0.1, so benches started side by side (or beside the test suite)
 * do not collide on fixed ports. The port is released before it is returned: another process could
 * take it in between, which a bench accepts.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
