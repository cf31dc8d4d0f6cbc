/** What the email provider allows this account now (adapter: SES v2 GetAccount). */
export interface SendQuota {
  /** The account's maximum send rate in emails per second; undefined when it cannot be read. */
  emailPerSecond(): Promise<number | undefined>;
}
