/**
 * Whether a body the API answered matches its schema in the OpenAPI document — for answers the
 * fuzzer rarely reaches (a running campaign's report, a scored customer, a preview with a sample).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../functions/handlers/openapi-document.js';

const document = openApiDocument('http://localhost') as { components: Record<string, unknown> };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: 'doc', components: document.components });

/** The schema's complaints about the body (none when it conforms). */
export function schemaErrors(schema: string, body: unknown): string[] {
  const validate = ajv.getSchema(`doc#/components/schemas/${schema}`);
  if (!validate) throw new Error(`no schema ${schema}`);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
