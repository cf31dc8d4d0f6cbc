/**
 * A small XML well-formedness check for the charts (no XML parser among the dependencies): one
 * root element, every tag closed in order, attributes quoted, `&` only in entities. Returns the
 * problems found, empty when the document is well formed.
 */
const NAME = '[A-Za-z_][\\w.:-]*';
const TAG = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>$`);
const TEXT_OK = /^(?:[^&<>]|&(?:#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);)*$/;

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  let roots = 0;
  const parts = xml.split(/(<[^>]*>)/);
  for (const part of parts) {
    if (!part.startsWith('<')) {
      if (!TEXT_OK.test(part)) problems.push(`bad text: ${part.slice(0, 60)}`);
      if (open.length === 0 && part.trim() !== '')
        problems.push(`text outside the root: ${part.slice(0, 60)}`);
      continue;
    }
    const m = TAG.exec(part);
    if (!m) {
      problems.push(`bad tag: ${part.slice(0, 80)}`);
      continue;
    }
    const [, closing, name, attributes, selfClosing] = m;
    const values = [...(attributes ?? '').matchAll(/="([^"]*)"/g)].map((a) => a[1] as string);
    for (const v of values) if (!TEXT_OK.test(v)) problems.push(`bad attribute value: ${v}`);
    if (closing) {
      const top = open.pop();
      if (top !== name) problems.push(`</${name}> closes <${top}>`);
      continue;
    }
    if (open.length === 0) roots++;
    if (!selfClosing) open.push(name as string);
  }
  if (open.length > 0) problems.push(`unclosed: ${open.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
