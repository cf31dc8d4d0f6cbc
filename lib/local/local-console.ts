/**
 * The console on the local stack: its files under `/console/` (built in memory when the stack
 * starts, so what you see is the source you have), `config.json` saying sign-in is by the printed
 * token, and `GET /_local/whoami`, which tells the console the role of a token (in AWS the
 * Cognito groups in the ID token say it). The same security headers as CloudFront sends.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildConsole } from '../../console/build.js';
import type { CallerRole } from '../api-routes.js';
import { consoleContentSecurityPolicy } from '../console-security-policy.js';
import { callerRole } from './local-api-server.js';

export const CONSOLE_PATH = '/console/';

/** As the CloudFront response headers policy sets them (lib/constructs/console-hosting.ts). */
export const CONSOLE_SECURITY_HEADERS = {
  'content-security-policy': consoleContentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

export interface LocalConsole {
  /** Answers console requests; false for any other path. */
  route(req: IncomingMessage, res: ServerResponse): boolean;
}

export async function startLocalConsole(tokens: Readonly<Record<CallerRole, string>>): Promise<LocalConsole> {
  const files = await buildConsole();
  files.push({
    path: 'config.json',
    contents: new TextEncoder().encode(JSON.stringify({ auth: { kind: 'token' } })),
    contentType: 'application/json',
  });
  const byPath = new Map(files.map((f) => [f.path, f]));
  return {
    route(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/_local/whoami' && req.method === 'GET') {
        const role = callerRole(req, tokens);
        const body = role
          ? { role }
          : { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'unknown token' };
        const type = role ? 'application/json' : 'application/problem+json';
        res.writeHead(role ? 200 : 401, { 'content-type': type }).end(JSON.stringify(body));
        return true;
      }
      if (url.pathname === '/console') {
        res.writeHead(308, { location: CONSOLE_PATH }).end();
        return true;
      }
      if (!url.pathname.startsWith(CONSOLE_PATH) || (req.method !== 'GET' && req.method !== 'HEAD'))
        return false;
      const file = byPath.get(url.pathname.slice(CONSOLE_PATH.length) || 'index.html');
      if (!file) {
        res
          .writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...CONSOLE_SECURITY_HEADERS })
          .end('not found');
        return true;
      }
      const immutable = file.path.startsWith('assets/');
      res.writeHead(200, {
        'content-type': file.contentType,
        'content-length': String(file.contents.byteLength),
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...CONSOLE_SECURITY_HEADERS,
      });
      res.end(req.method === 'HEAD' ? undefined : file.contents);
      return true;
    },
  };
}
