/**
 * A send window (customer's local time) shown for a few time zones of the audience, with what it
 * means on the viewer's clock: "09:00–20:00 in Sydney is 23:00–10:00 for you".
 */
const ZONES = [
  'America/Los_Angeles',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Sydney',
];

function viewerTime(hhmm: string, zone: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const now = new Date();
  // The instant at which the zone's clock shows hh:mm today.
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const zoneNow = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const offset = zoneNow - Math.floor(now.getTime() / 60_000) * 60_000;
  const at = Date.UTC(get('year'), get('month') - 1, get('day'), h, m) - offset;
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function WindowZones({ start, end, zones }: { start: string; end: string; zones?: string[] }) {
  if (!/^\d\d:\d\d$/.test(start) || !/^\d\d:\d\d$/.test(end)) return null;
  const shown = [...new Set([...(zones ?? []), ...ZONES])].slice(0, 6);
  return (
    <table class="compact">
      <caption>
        The email window {start}–{end} is each customer's local time; on your clock:
      </caption>
      <thead>
        <tr>
          <th scope="col">Customers in</th>
          <th scope="col">Your time</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((z) => (
          <tr key={z}>
            <th scope="row">{z}</th>
            <td>
              {viewerTime(start, z)}–{viewerTime(end, z)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
