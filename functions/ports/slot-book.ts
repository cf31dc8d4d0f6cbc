/**
 * The calendar of a shared capacity (adapter: DynamoDB): how much of each bucket of time — a
 * minute of a send channel's rate, an hour of the managers' calls — is taken. Shared by every
 * campaign and every invocation, so the capacity holds across all of them at once.
 */
export interface SlotBook {
  /**
   * Takes `amount` units of the bucket `key` and returns the count taken after this claim. No
   * claim is numbered below `floor` + `amount` (the units before `floor` lie in the past: a bucket
   * already under way when it is first claimed starts counting from now, not from its start).
   * Atomic across concurrent callers: no two claims get the same units.
   */
  take(key: string, amount: number, floor: number, expiresAt: Date): Promise<number>;
}
