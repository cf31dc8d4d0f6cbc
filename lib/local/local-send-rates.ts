/**
 * The providers' send rates on the local stack: SES's maximum send rate and the SMS parts per
 * second of an origination identity, counted per second of the stack's clock (the clock every
 * journey's slots are reserved by). With a rate set (`npm start -- --ses-rate 14 --sms-rate 1`), a
 * send above it is refused the way the provider refuses it — SES v2 answers 429
 * TooManyRequestsException ("Maximum sending rate exceeded."), SNS 429 Throttled — so the pacing
 * is tested, not assumed. Attempts and acceptances are counted per second either way, and the
 * busiest second is kept: `GET /_local/rates`.
 */
import type { LocalClock } from './local-clock.js';

export type RatedChannel = 'email' | 'sms';

export interface ChannelRateStats {
  /** Units per second allowed (emails; SMS parts); absent when no rate is enforced. */
  limit?: number;
  /** Units the provider took, and attempts it refused for the rate. */
  accepted: number;
  throttled: number;
  /** The most units accepted within one second of the clock, and the most attempted. */
  peakAccepted: number;
  peakAttempted: number;
  /** The second of `peakAccepted` (ISO 8601). */
  peakSecond?: string;
}

interface Second {
  second: number;
  attempted: number;
  accepted: number;
}

export class LocalSendRates {
  private readonly channels: Record<RatedChannel, ChannelRateStats & { current?: Second }>;

  constructor(
    private readonly clock: Pick<LocalClock, 'now'>,
    limits: Partial<Record<RatedChannel, number>> = {},
  ) {
    const channel = (limit: number | undefined) => {
      if (limit !== undefined && !(Number.isFinite(limit) && limit > 0))
        throw new RangeError(`a send rate must be a number above 0 (got ${limit})`);
      return {
        ...(limit !== undefined ? { limit } : {}),
        accepted: 0,
        throttled: 0,
        peakAccepted: 0,
        peakAttempted: 0,
      };
    };
    this.channels = { email: channel(limits.email), sms: channel(limits.sms) };
  }

  /** Counts an attempt to send `units` now; true when the provider takes it. */
  admit(channel: RatedChannel, units = 1): boolean {
    const stats = this.channels[channel];
    const second = Math.floor(this.clock.now() / 1000);
    if (stats.current?.second !== second) stats.current = { second, attempted: 0, accepted: 0 };
    const current = stats.current;
    current.attempted += units;
    stats.peakAttempted = Math.max(stats.peakAttempted, current.attempted);
    if (stats.limit !== undefined && current.accepted + units > stats.limit) {
      stats.throttled++;
      return false;
    }
    current.accepted += units;
    stats.accepted += units;
    if (current.accepted > stats.peakAccepted) {
      stats.peakAccepted = current.accepted;
      stats.peakSecond = new Date(second * 1000).toISOString();
    }
    return true;
  }

  stats(): Record<RatedChannel, ChannelRateStats> {
    const copy = ({ current: _current, ...stats }: ChannelRateStats & { current?: Second }) => ({ ...stats });
    return { email: copy(this.channels.email), sms: copy(this.channels.sms) };
  }
}
