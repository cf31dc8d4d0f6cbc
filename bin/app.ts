#!/usr/bin/env node
import { buildApp } from '../lib/app.js';
/** CDK entry point: `npx cdk synth|deploy [-c stage=prod] [-c config=config/prod.json]`. */
import { ConfigError } from '../lib/config.js';

try {
  buildApp().app.synth();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
