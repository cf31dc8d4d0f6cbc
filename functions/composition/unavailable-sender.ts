/** The sender of a channel a function does not send on: each send step gets its own provider only. */
export const unavailableSender = (channel: string) => ({
  send: () => Promise.reject(new Error(`this function does not send ${channel}`)),
});

/** The SES quota, for a step that never plans an email (the SMS step plans nothing but the SMS). */
export const unavailableQuota = {
  emailPerSecond: () => Promise.reject(new Error('this function plans no email')),
};
