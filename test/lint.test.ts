// The lint rule that keeps workflows deterministic: no Node built-ins, no I/O modules, activities by type only.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The probes exist only as text: let typescript-eslint's default project type them.
const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
  overrideConfig: { languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'workflows/probe.ts', 'runtime/probe.ts'] } } } },
});

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint', () => {
  it('refuses Node built-ins and I/O modules in workflows/', async () => {
    const found = await messages(
      'workflows/probe.ts',
      "import { readFileSync } from 'node:fs';\nimport got from 'got';\nimport { createActivities } from '../activities';\nexport const probe = [readFileSync, got, createActivities];\n",
    );
    expect(found).toHaveLength(3);
    expect(found.every((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('allows type-only imports of activities in workflows/, and Node built-ins elsewhere', async () => {
    expect(await messages('workflows/probe.ts', "import type { Activities } from '../activities';\nexport type Probe = Activities;\n")).toEqual([]);
    expect(await messages('runtime/probe.ts', "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n")).toEqual([]);
  });

  it('refuses floating promises everywhere', async () => {
    const found = await messages('runtime/probe.ts', 'async function work(): Promise<void> {}\nwork();\n');
    expect(found).toEqual([expect.stringMatching(/^@typescript-eslint\/no-floating-promises/)]);
  });
});
