/**
 * SMS billing parts (segments), in a file of its own: the console counts them in the browser as
 * the template is typed, with the same rule the journeys, the preview and the report use.
 *
 * As the carriers count them: a message that fits one part holds 160 GSM-7 septets or 70 UCS-2
 * code units; a longer one is split into parts of 153 septets or 67 units (the rest of each part
 * is the concatenation header), and a split never cuts a GSM-7 escape sequence (€, [, …: two
 * septets) or a UTF-16 surrogate pair (an emoji) in half — so a part may carry one fewer.
 */

// The GSM 03.38 basic set and its extension table (whose characters cost two septets).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/** Parts of `capacity` units needed for these indivisible sizes, filled in order. */
function packed(sizes: readonly number[], capacity: number): number {
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > capacity) {
      parts++;
      used = 0;
    }
    used += size;
  }
  return parts;
}

/** The encoding a message goes out in and the units of each of its characters. */
export function smsEncoding(text: string): { encoding: 'GSM-7' | 'UCS-2'; sizes: number[] } {
  const septets: number[] = [];
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets.push(1);
    else if (GSM_EXTENDED.has(ch)) septets.push(2);
    else return { encoding: 'UCS-2', sizes: Array.from(text, (c) => c.length) };
  }
  return { encoding: 'GSM-7', sizes: septets };
}

/** The parts a carrier bills for this text. */
export function smsParts(text: string): number {
  const { encoding, sizes } = smsEncoding(text);
  const [single, concatenated] = encoding === 'GSM-7' ? [160, 153] : [70, 67];
  const total = sizes.reduce((a, b) => a + b, 0);
  return total <= single ? 1 : packed(sizes, concatenated);
}
