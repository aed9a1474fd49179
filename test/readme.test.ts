// The README stays true: every config variable in its table, every top-level folder on its map, both commands present.
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { configVariables } from '../config/config';

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every configuration variable', () => {
    for (const name of Object.keys(configVariables)) expect(readme, name).toContain(`| \`${name}\` |`);
  });

  it('maps every top-level folder', async () => {
    const folders = (await readdir(new URL('..', import.meta.url), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      .map((entry) => entry.name);
    for (const folder of folders) expect(readme, folder).toMatch(new RegExp('`' + folder + '/`'));
  });

  it('names the run and test commands that CI runs', async () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm install && npm test');
    expect(await readFile(new URL('../.ci/run', import.meta.url), 'utf8')).toMatch(/^npm install && npm test$/m);
  });
});
