/**
 * The send clients against a server that takes each request and then drops the connection — the
 * provider may have accepted: they must not send again. A throttled answer (nothing sent) is
 * retried.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';
import { createSesClient } from '../../../functions/shared/aws-clients.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A fake SES endpoint; `answer` decides each request's fate. Returns its URL and the request count. */
async function fakeSes(answer: (n: number, res: import('node:http').ServerResponse) => void) {
  let requests = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(++requests, res));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

const send = async (endpoint: string) => {
  process.env.AWS_ENDPOINT_URL_SESV2 = endpoint;
  const ses = createSesClient();
  ses.config.credentials = async () => ({ accessKeyId: 'x', secretAccessKey: 'y' });
  try {
    return await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'a@example.com',
        Destination: { ToAddresses: ['b@example.com'] },
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
      }),
    );
  } finally {
    ses.destroy();
    delete process.env.AWS_ENDPOINT_URL_SESV2;
  }
};

describe('send clients', () => {
  it('send once when the connection drops after the request (the message may have gone)', async () => {
    const ses = await fakeSes((_, res) => res.socket?.destroy());
    await expect(send(ses.url)).rejects.toThrow();
    expect(ses.requests()).toBe(1);
  });

  it('retry a throttled send (SES refused it: nothing went)', async () => {
    const ses = await fakeSes((n, res) => {
      if (n === 1) {
        res.writeHead(429, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'TooManyRequestsException',
        });
        res.end(JSON.stringify({ message: 'slow down' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ MessageId: 'm-1' }));
      }
    });
    expect((await send(ses.url)).MessageId).toBe('m-1');
    expect(ses.requests()).toBe(2);
  });
});
