// Rebuilds sandbox/hmrc/oas-bundle.json from HMRC's OAS files: `npx tsx scripts/bundle-hmrc-oas.ts [path-to-oas]`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildHmrcOasBundle, serializeHmrcOasBundle } from '../sandbox/hmrc/oasLoader/bundle';
import { summarizeHmrcOasBundle } from '../sandbox/hmrc/oasLoader/summary';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const oasRoot = path.resolve(repoRoot, process.argv[2] ?? '../shared/hmrc/oas');
const target = path.join(repoRoot, 'sandbox/hmrc/oas-bundle.json');

const { bundle, quirks } = buildHmrcOasBundle(oasRoot);
const json = serializeHmrcOasBundle(bundle);
writeFileSync(target, json);

const summary = summarizeHmrcOasBundle(bundle);
console.log(`Wrote ${path.relative(repoRoot, target)} (${(Buffer.byteLength(json) / 1024 / 1024).toFixed(2)} MB) from ${oasRoot}`);
for (const api of summary.apis) console.log(`  ${api.name} ${api.version}: ${api.endpoints} endpoints, ${api.errorExamples} error examples`);
console.log(
  `${summary.apis.length} API versions, ${summary.endpoints} endpoints, ${summary.errorExamples} error examples, ` +
    `${summary.distinctErrorCodes} distinct error codes, ${summary.distinctGovTestScenarios} distinct Gov-Test-Scenario values`,
);
if (quirks.size > 0) {
  console.log('Forgiven in the upstream files:');
  for (const [file, found] of [...quirks].sort(([a], [b]) => (a < b ? -1 : 1))) console.log(`  ${file}: ${found.join(', ')}`);
}
