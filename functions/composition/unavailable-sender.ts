/** The sender of a channel a function does not send on: each send step gets its own provider only. */
export const unavailableSender = (channel: string) => ({
  send: () => Promise.reject(new Error(`this function does not send ${channel}`)),
});
