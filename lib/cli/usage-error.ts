/**
 * The CLI's own errors, in a module of their own so every command (and the CLI's entry) can name
 * them without loading what the commands that throw them need (the AWS SDK, the local stack).
 */

/** A flag, file or environment the command cannot work with: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The import stopped part-way (the database went away, …): what was written is whole. */
export class ImportInterruptedError extends Error {
  override readonly name = 'ImportInterruptedError';
}
