/**
 * One Powertools logger per process. Only identifiers and counts are logged: profiles, emails,
 * phones and request bodies are personal data and never reach the logs.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'reactivate' });
