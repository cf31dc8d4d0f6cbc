/**
 * A campaign definition refused by what the stores hold (a code pool missing or expired) is
 * answered as the schema's refusals are: 400 "Invalid campaign" with the field's JSON Pointer.
 */
import { HttpProblem } from '../shared/http.js';
import { CampaignFieldError } from '../use-cases/manage-campaigns.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

export async function answeringDefinitionErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await answeringUseCaseErrors(work);
  } catch (error) {
    if (!(error instanceof CampaignFieldError)) throw error;
    throw new HttpProblem(400, 'Invalid campaign', error.message, {
      errors: [{ pointer: error.pointer, reasons: [error.reason] }],
    });
  }
}
