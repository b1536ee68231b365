import fs from 'node:fs';
import http from 'node:http';

/**
 * The baseline a bench compares Weft with: a bare node:http server, in a process of its own,
 * answering every request with one recorded response (status, headers and body bytes as Weft sent
 * them). Reads the response from the JSON file named by its first argument, listens on an
 * ephemeral loopback port and prints that port.
 */
interface Recorded {
  status: number;
  headers: Record<string, string>;
  bodyBase64: string;
}

const recorded = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as Recorded;
const body = Buffer.from(recorded.bodyBase64, 'base64');
const headers = { ...recorded.headers, 'content-length': String(body.length) };

const server = http.createServer((req, res) => {
  // Read the request to its end, as any server must before answering on a kept-alive connection.
  req.resume();
  req.on('end', () => {
    res.writeHead(recorded.status, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as { port: number }).port}\n`);
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(0));
