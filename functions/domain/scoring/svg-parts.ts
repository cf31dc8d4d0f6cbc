/** Pieces the scoring charts share: text escaping and the 0–1 colour scale with its legend. */

export const escapeXml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An accessible chart's first lines: the root with its title and description (what a screen
 * reader says of it), a white ground, and the title drawn at `titleX`.
 */
export function chartOpening(
  width: number,
  height: number,
  title: string,
  description: string,
  titleX: number,
): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12" role="img" aria-labelledby="title desc">`,
    `<title id="title">${escapeXml(title)}</title>`,
    `<desc id="desc">${escapeXml(description)}</desc>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${titleX}" y="24" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
  ];
}

/** Viridis at 0, ½ and 1: ordered in lightness, readable in grey and by most colour-blind eyes. */
const STOPS: [number, number, number][] = [
  [68, 1, 84],
  [33, 145, 140],
  [253, 231, 37],
];

/** The colour of a value in [0, 1] (clamped; a value that is not a number is grey). */
export function scaleColour(value: number): string {
  if (!Number.isFinite(value)) return '#999999';
  const v = Math.min(1, Math.max(0, value)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(v));
  const f = v - i;
  const [a, b] = [STOPS[i] as [number, number, number], STOPS[i + 1] as [number, number, number]];
  const channel = (k: number) =>
    Math.round((a[k] as number) + f * ((b[k] as number) - (a[k] as number)))
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** A vertical legend of the colour scale, 1 at the top and 0 at the bottom. */
export function colourScaleLegend(x: number, y: number, height: number, label: string): string {
  const stops = STOPS.map(
    (_, i) =>
      `<stop offset="${(i / (STOPS.length - 1)) * 100}%" stop-color="${scaleColour(1 - i / (STOPS.length - 1))}"/>`,
  );
  return [
    `<defs><linearGradient id="scale" x1="0" x2="0" y1="0" y2="1">${stops.join('')}</linearGradient></defs>`,
    `<text x="${x}" y="${y - 8}">${escapeXml(label)}</text>`,
    `<rect x="${x}" y="${y}" width="16" height="${height}" fill="url(#scale)" stroke="#666"/>`,
    ...[1, 0.5, 0].map(
      (v) => `<text x="${x + 22}" y="${(y + (1 - v) * height + 4).toFixed(1)}">${v.toFixed(1)}</text>`,
    ),
  ].join('\n');
}
