/**
 * SMS billing parts, in a file of its own: the console counts them in the browser as the template
 * is typed, with the same rule the journeys and the preview use.
 */

/** SMS parts as the carriers count them: GSM-7 160 per part (153 when concatenated), else UCS-2 70 (67). */
export function smsParts(text: string): number {
  // The GSM 03.38 basic set and its extension table (which costs two septets).
  const basic =
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
  const extended = '^{}\\[~]|€\f';
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (basic.includes(ch)) septets += 1;
    else if (extended.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  const units = text.length; // UTF-16 code units: what UCS-2 carries
  return units <= 70 ? 1 : Math.ceil(units / 67);
}
