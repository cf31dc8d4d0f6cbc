/** GET /v1/openapi.json: the API's OpenAPI 3.1 document, for the stage it is asked of. */

import { FUNCTIONS } from '../manifest/functions.js';
import { httpHandler, json } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { openApiDocument } from './openapi-document.js';

/** Built once per server URL: the schemas do not change while the function lives. */
const documents = new Map<string, Record<string, unknown>>();

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.openApi, () =>
  httpHandler(async (event) => {
    const host =
      event.requestContext?.domainName ?? event.headers?.host ?? event.headers?.Host ?? 'localhost';
    const stage = event.requestContext?.stage;
    // In AWS the stage is part of the path; the local API serves at the root.
    const base = stage && stage !== 'local' ? `https://${host}/${stage}` : `http://${host}`;
    let document = documents.get(base);
    if (!document) {
      document = openApiDocument(base);
      documents.set(base, document);
    }
    return json(200, document);
  }),
);
