// Reads HMRC's verbatim OAS files tolerantly (templates, tabs, trailing commas) and caches them by absolute path.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';
import { parse as parseYaml } from 'yaml';
import { renderTemplates } from './templates';

export class SourceFiles {
  private readonly parsed = new Map<string, unknown>();
  /** What had to be forgiven, by file relative to the root: worth knowing when HMRC publishes new versions. */
  readonly quirks = new Map<string, string[]>();

  constructor(readonly root: string) {}

  load(file: string): unknown {
    const cached = this.parsed.get(file);
    if (cached !== undefined || this.parsed.has(file)) return cached;
    let value: unknown;
    try {
      value = this.parse(file, readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${this.relative(file)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    this.parsed.set(file, value);
    return value;
  }

  private parse(file: string, raw: string): unknown {
    const text = renderTemplates(raw, this.relative(file));
    if (text !== raw) this.note(file, 'Handlebars feature-switch tags');
    if (/\.ya?ml$/i.test(file)) {
      // YAML forbids tabs in indentation; HMRC's are only ever stray whitespace, so a space keeps the meaning.
      const untabbed = text.replace(/\t/g, ' ');
      if (untabbed !== text) this.note(file, 'tab characters');
      return parseYaml(untabbed);
    }
    try {
      return JSON.parse(text);
    } catch {
      // Trailing commas are JSON5; `-000.99` is not even that, so leading zeros go first.
      const unpadded = text.replace(/"(?:[^"\\]|\\.)*"|([:,[]\s*-?)0+(?=\d)/g, (match, before?: string) => before ?? match);
      this.note(file, unpadded === text ? 'not strict JSON (parsed as JSON5)' : 'not strict JSON (numbers with leading zeros; parsed as JSON5)');
      return JSON5.parse(unpadded);
    }
  }

  relative(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }

  private note(file: string, quirk: string): void {
    const key = this.relative(file);
    this.quirks.set(key, [...(this.quirks.get(key) ?? []), quirk]);
  }
}
