// Follows every $ref in HMRC's OAS file tree (relative files, JSON pointers, refs inside schemas and examples).
import path from 'node:path';
import { type SourceFiles } from './sourceFiles';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodePointerSegment(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

export class Dereferencer {
  private readonly resolved = new Map<string, unknown>();
  private readonly inProgress: string[] = [];
  /** Where an object produced by a $ref came from (`file#pointer`), so names such as `formatNino` survive inlining. */
  private readonly origins = new WeakMap<object, string>();

  constructor(private readonly files: SourceFiles) {}

  origin(value: unknown): { file: string; pointer: string } | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const key = this.origins.get(value);
    if (!key) return undefined;
    const hash = key.indexOf('#');
    return { file: key.slice(0, hash), pointer: key.slice(hash + 1) };
  }

  /** The node at `file#pointer`, with every $ref inside it replaced by its target. */
  at(file: string, pointer = ''): unknown {
    const key = `${file}#${pointer}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    if (this.inProgress.includes(key)) {
      throw new Error(`circular $ref: ${[...this.inProgress, key].map((k) => this.files.relative(k)).join(' -> ')}`);
    }
    this.inProgress.push(key);
    try {
      const value = this.resolve(this.pointTo(file, pointer), file);
      if (typeof value === 'object' && value !== null && !this.origins.has(value)) this.origins.set(value, key);
      this.resolved.set(key, value);
      return value;
    } finally {
      this.inProgress.pop();
    }
  }

  /**
   * Resolves a node found in `file`. HMRC puts siblings next to $ref (`$ref` + `security`, `summary`, `tags`);
   * OpenAPI 3.0 would ignore them, but HMRC's renderer merges them over the target, and so do we.
   */
  resolve(node: unknown, file: string): unknown {
    if (Array.isArray(node)) return node.map((item) => this.resolve(item, file));
    if (!isObject(node)) return node;
    const { $ref: ref, ...siblings } = node;
    const resolvedSiblings: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(siblings)) resolvedSiblings[key] = this.resolve(value, file);
    if (typeof ref !== 'string') return resolvedSiblings;
    const hash = ref.indexOf('#');
    const target = hash === -1 ? ref : ref.slice(0, hash);
    const targetFile = target === '' ? file : path.resolve(path.dirname(file), target);
    const pointer = hash === -1 ? '' : ref.slice(hash + 1);
    const value = this.at(targetFile, pointer);
    if (Object.keys(siblings).length === 0) return value;
    if (!isObject(value)) throw new Error(`${this.files.relative(file)}: $ref ${ref} has siblings but is not an object`);
    const merged = { ...value, ...resolvedSiblings };
    this.origins.set(merged, `${targetFile}#${pointer}`);
    return merged;
  }

  private pointTo(file: string, pointer: string): unknown {
    let node = this.files.load(file) as Json;
    for (const segment of pointer.split('/').slice(1).map(decodePointerSegment)) {
      if (!isObject(node) && !Array.isArray(node)) throw new Error(`${this.files.relative(file)}#${pointer}: no such node`);
      const next: Json | undefined = Array.isArray(node) ? node[Number(segment)] : node[segment];
      if (next === undefined) throw new Error(`${this.files.relative(file)}#${pointer}: no such node`);
      node = next;
    }
    return node;
  }
}
