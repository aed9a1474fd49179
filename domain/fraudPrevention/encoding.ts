// The spec's encodings (§4.2): US-ASCII values, percent-encoded components, lists and key-value structures,
// and the placeholders HMRC forbids.

/** Printable US-ASCII: anything else must be percent-encoded, and control characters have no place in a header. */
export function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7E]*$/.test(text);
}

// What encodeURIComponent leaves alone, plus escapes. Anything else (space, ':', ',', '&', '=', '+', '/') unescaped
// means the component was not percent-encoded, or a separator sits inside a value.
const ENCODED_COMPONENT = /^(?:[A-Za-z0-9\-._~!*'()]|%[0-9A-Fa-f]{2})*$/;

/** The text of a percent-encoded key, value or list item; null when it was not encoded properly. */
export function decodeComponent(text: string): string | null {
  if (!ENCODED_COMPONENT.test(text)) return null;
  try {
    return decodeURIComponent(text);
  } catch {
    return null; // escapes that are not UTF-8
  }
}

/** Best-effort decoding for messages and placeholder checks on values that need not be encoded. */
export function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// What software sends when it has no value. HMRC: omit the header or send it empty, never a placeholder.
const PLACEHOLDERS = new Set(['null', 'undefined', 'unknown', 'none', 'nan', 'n/a', '[object object]', 'not available']);

export function isPlaceholder(decoded: string): boolean {
  return PLACEHOLDERS.has(decoded.trim().toLowerCase());
}

/** Keys are not personal data, but can be long or odd: quote them safely in messages. */
export function quote(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `'${shown.replace(/[^\x20-\x7E]/g, '?')}'`;
}

export interface ParsedList {
  /** Items as sent, not yet decoded. */
  items: string[];
  problems: string[];
}

export function parseList(text: string): ParsedList {
  const items = text.split(',');
  const problems = items.flatMap((item, i) => (item === '' ? [`has an empty value at position ${i + 1} (list values must not be empty; no stray commas)`] : []));
  return { items, problems };
}

export interface KeyValue {
  key: string;
  /** Decoded; null when the value was not percent-encoded (already reported). */
  value: string | null;
}

export interface ParsedKeyValues {
  /** Pairs with a usable key, in the order sent. */
  pairs: KeyValue[];
  problems: string[];
}

/** `key1=value1&key2=value2`, keys and values percent-encoded, separators not. */
export function parseKeyValues(text: string): ParsedKeyValues {
  const pairs: KeyValue[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, part] of text.split('&').entries()) {
    const at = `pair ${i + 1}`;
    if (part === '') {
      problems.push(`has an empty key-value pair at position ${i + 1} (a stray '&')`);
      continue;
    }
    const equals = part.indexOf('=');
    if (equals < 0) {
      problems.push(`${at} has no '=' (expected key=value)`);
      continue;
    }
    const key = decodeComponent(part.slice(0, equals));
    const value = decodeComponent(part.slice(equals + 1));
    if (key === null) problems.push(`${at} has a key that is not percent-encoded`);
    else if (key === '') problems.push(`${at} has an empty key`);
    else if (seen.has(key)) problems.push(`has the key ${quote(key)} more than once`);
    else {
      if (value === null) problems.push(`${at}: the value of ${quote(key)} is not percent-encoded (encode '=', '&', ',', ':', spaces and non-ASCII)`);
      seen.add(key);
      pairs.push({ key, value });
    }
  }
  return { pairs, problems };
}
