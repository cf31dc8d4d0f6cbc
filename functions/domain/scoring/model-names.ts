/** The transaction models by name: what configuration and campaigns may choose, without the models' code. */
export const TRANSACTION_MODELS = ['bgnbd', 'mbgnbd', 'pareto'] as const;
export type TransactionModelName = (typeof TRANSACTION_MODELS)[number];
