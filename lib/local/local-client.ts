/**
 * How the CLI's own SDK clients (import, scoring, reports, demo) reach a running local stack:
 * its made-up credentials and requests that are not signed.
 *
 * Why unsigned: the local endpoints accept any credentials and never check a signature, and a
 * SigV4 signature made with the made-up secret `local` proves nothing. Computing it was a third
 * of the client's CPU per request (≈ 170 of 600 µs: three hashes and an HMAC, canonical headers),
 * on a machine where the importer and the stack share two cores. The requests keep the shape
 * dynalite checks for (an `Authorization` header naming a credential scope, a date); everything
 * else — serialisation, retries, endpoints, the wire protocol — is the real client's. Clients
 * aimed at AWS (`--endpoint`, `--customers-table`) and the handlers inside the stack sign as usual.
 */
import type { HttpRequest, RequestSigner, RequestSigningArguments } from '@smithy/types';

/** `20261124T010203Z`: the ISO 8601 basic format of an `X-Amz-Date`, formatted once a second. */
let formatted = { second: Number.NaN, text: '' };
function amzDate(nowMs: number): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== formatted.second) {
    const text = new Date(second * 1000).toISOString().replace(/[-:]/g, '').replace('.000', '');
    formatted = { second, text };
  }
  return formatted.text;
}

export const unsignedLocalRequests: RequestSigner = {
  async sign(request: HttpRequest, options?: RequestSigningArguments): Promise<HttpRequest> {
    const date = amzDate(Date.now());
    const scope = `${date.slice(0, 8)}/${options?.signingRegion ?? 'us-east-1'}/${options?.signingService ?? 'dynamodb'}`;
    request.headers['x-amz-date'] = date;
    request.headers.authorization = `AWS4-HMAC-SHA256 Credential=local/${scope}/aws4_request, SignedHeaders=host;x-amz-date, Signature=unsigned-local-request`;
    return request;
  },
};

/** The client settings every CLI command uses against the local stack (plus its `endpoint`). */
export const LOCAL_CLIENT = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  signer: unsignedLocalRequests,
};
