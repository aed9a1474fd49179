// Renders the Handlebars feature-switch tags in HMRC's OAS files the way HMRC's Sandbox documentation does.

// HMRC's conf/application.conf has every referenced switch `enabled = true` and `released-in-production = false`:
// the Sandbox shows the new fields, labelled "[Test only]". Unknown helpers fail loudly so a new kind is noticed.
const helpers: Record<string, boolean> = { enabled: true, releasedInProduction: false };

const tagPattern = /\{\{\s*(#if|#unless|else|\/if|\/unless)\s*(?:\(\s*(\w+)\s+(['"])[^'"]*\3\s*\))?\s*\}\}/g;

interface Frame {
  block: 'if' | 'unless';
  truthy: boolean;
  inElse: boolean;
}

/**
 * Evaluates `{{#if}}/{{else}}/{{/if}}` and `{{#unless}}/{{/unless}}` blocks. A line holding only a tag is removed
 * whole, so the YAML indentation and JSON lines around it stay intact; inline tags are removed in place.
 * HMRC's README advice (drop tag lines, keep both branches) breaks on `{{else}}`, which BSAS 7.0 uses.
 */
export function renderTemplates(text: string, file: string): string {
  if (!text.includes('{{')) return text;
  const joined = text.replace(/^[ \t]*(\{\{[^{}\n]*\}\})[ \t]*\r?\n/gm, '$1');
  const frames: Frame[] = [];
  let out = '';
  let last = 0;
  const visible = () => frames.every((f) => f.truthy !== f.inElse);
  for (const match of joined.matchAll(tagPattern)) {
    if (visible()) out += joined.slice(last, match.index);
    last = match.index + match[0].length;
    const [, tag, helper] = match;
    if (tag === '#if' || tag === '#unless') {
      if (!helper || !(helper in helpers)) throw new Error(`${file}: unknown Handlebars helper in ${match[0]}`);
      const value = helpers[helper]!;
      frames.push({ block: tag === '#if' ? 'if' : 'unless', truthy: tag === '#if' ? value : !value, inElse: false });
    } else if (tag === 'else') {
      const frame = frames.at(-1);
      if (!frame || frame.inElse) throw new Error(`${file}: unexpected {{else}}`);
      frame.inElse = true;
    } else {
      const frame = frames.pop();
      if (!frame || `/${frame.block}` !== tag) throw new Error(`${file}: unbalanced ${match[0]}`);
    }
  }
  if (frames.length > 0) throw new Error(`${file}: unclosed Handlebars block`);
  out += joined.slice(last);
  if (out.includes('{{')) throw new Error(`${file}: Handlebars tag not understood near ${out.slice(out.indexOf('{{'), out.indexOf('{{') + 60)}`);
  return out;
}
