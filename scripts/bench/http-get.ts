// A GET with node:http, which (unlike fetch) lets us choose the Host header: the API builds
// absolute URLs from it, so the API and the floor are compared under the same host.
import http from 'node:http';

export interface Response {
  status: number;
  body: string;
  ms: number;
}

export function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}
