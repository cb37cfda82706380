// A fake Flink log endpoint on 127.0.0.1 for unit tests (the real one runs in the integration
// tests): serves files the way Flink's HandlerUtils.transferFile does (whole file, Content-Length,
// text/plain, Range ignored), or, with honourRange, as a server that answers Range with 206.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeFlink {
  url: string;
  files: Map<string, Buffer>;
  requests: { path: string; range?: string }[];
  down: boolean;
  close(): Promise<void>;
}

export async function startFakeFlink(opts: { honourRange?: boolean } = {}): Promise<FakeFlink> {
  const files = new Map<string, Buffer>();
  const requests: FakeFlink['requests'] = [];
  const state = { down: false };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '/');
    requests.push({ path, ...(req.headers.range ? { range: String(req.headers.range) } : {}) });
    if (state.down) {
      req.socket.destroy();
      return;
    }
    const list = /^\/(jobmanager|taskmanagers\/[^/]+)\/logs$/.exec(path);
    if (list) {
      const prefix = `/${list[1]}/logs/`;
      const logs = [...files]
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => ({ name: k.slice(prefix.length), size: v.length, mtime: 1 }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ logs }));
      return;
    }
    const body = files.get(path);
    if (!body) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errors: ['Not found: ' + path] }));
      return;
    }
    const range = opts.honourRange ? /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? '')) : null;
    if (range) {
      let start = range[1] ? Number(range[1]) : Math.max(0, body.length - Number(range[2]));
      const end = range[1] && range[2] ? Number(range[2]) + 1 : body.length;
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      start = Math.max(0, start);
      res
        .writeHead(206, {
          'content-type': 'text/plain',
          'content-length': end - start,
          'content-range': `bytes ${start}-${end - 1}/${body.length}`,
        })
        .end(body.subarray(start, end));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    files,
    requests,
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
