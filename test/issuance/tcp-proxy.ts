import net from 'node:net';

/**
 * A loopback TCP proxy that can be taken down and brought back on the same port, so a
 * client configured with its address sees the service behind it vanish (connection
 * refused) and return.
 */
export interface TcpProxy {
  port: number;
  url: string;
  /** Stops listening and cuts every open connection. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Accepts connections but forwards nothing (a stalled service) until `up` or `down`. */
  hang(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  let hanging = false;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const track = (socket: net.Socket, onError: () => void) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', onError);
      };
      const created = net.createServer((client) => {
        track(client, () => client.destroy());
        if (hanging) return;
        const upstream = net.connect(targetPort, '127.0.0.1');
        track(upstream, () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
      });
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => {
        const address = created.address();
        port = typeof address === 'object' && address ? address.port : port;
        server = created;
        resolve();
      });
    });

  const down = async () => {
    const closing = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };

  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };

  await listen();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    down: async () => {
      hanging = false;
      await down();
    },
    up: async () => {
      if (hanging) cut();
      hanging = false;
      if (!server) await listen();
    },
    hang: async () => {
      cut();
      hanging = true;
      if (!server) await listen();
    },
    stop: down,
  };
}
