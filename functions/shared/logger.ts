/**
 * The Powertools Logger, one per process. Only identifiers and counts are logged: profiles,
 * emails, phones and request bodies are personal data and never reach logs or metrics.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'reactivate';
export const logger = new Logger({ serviceName });
