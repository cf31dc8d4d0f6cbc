/**
 * The world's telephone numbering plans (libphonenumber's full metadata, 153 KB of JSON), read
 * the first time a number is checked and kept for the life of the process. Reference data, like
 * the time zones `Intl` knows: it ships as a JSON file beside the function's bundle
 * (`numbering-plans.json`, copied there at bundling, see lib/constructs/house-function.ts) instead
 * of inside it, because a JavaScript object literal of that size is parsed at every cold start
 * while JSON.parse of the file costs about a millisecond, and only when a number arrives. Run from
 * source (the local stack, tests, the CLI), it is read from the package itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { MetadataJson } from 'libphonenumber-js/core';

/** The file's name beside a bundle. */
export const NUMBERING_PLANS_FILE = 'numbering-plans.json';

let plans: MetadataJson | undefined;

export function numberingPlans(): MetadataJson {
  if (!plans) {
    const beside = fileURLToPath(new URL(`./${NUMBERING_PLANS_FILE}`, import.meta.url));
    let file = beside;
    if (!existsSync(beside)) {
      try {
        file = createRequire(import.meta.url).resolve('libphonenumber-js/metadata.max.json');
      } catch {
        throw new Error(
          `the numbering plans are missing: ${NUMBERING_PLANS_FILE} belongs beside the bundle (its manifest entry needs numberingPlans: true)`,
        );
      }
    }
    plans = JSON.parse(readFileSync(file, 'utf8')) as MetadataJson;
  }
  return plans;
}
