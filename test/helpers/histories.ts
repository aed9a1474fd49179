// Recorded workflow histories for the replay tests (test/replay.test.ts): recordHistory writes one, only when
// RECORD_HISTORIES=1 (`npm run histories:record`), so an ordinary test run never rewrites test/histories/.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { historyFromJSON, historyToJSON, type History } from '@temporalio/common/lib/proto-utils';

export const historiesDir = fileURLToPath(new URL('../histories/', import.meta.url));

/**
 * Writes the workflow's history to test/histories/<name>.json, in the JSON that `temporal workflow show --output json`
 * writes and Worker.runReplayHistories reads. Call it once the workflow has closed, so the whole run is replayed.
 * Returns the file written, or null when not recording.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<string | null> {
  if (process.env.RECORD_HISTORIES !== '1') return null;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`recordHistory: expected a name in lower-case kebab case, e.g. 'sole-trader-2026-27', got '${name}'`);
  const history = await handle.fetchHistory();
  await mkdir(historiesDir, { recursive: true });
  const path = `${historiesDir}${name}.json`;
  await writeFile(path, historyAsJSON(history) + '\n');
  return path;
}

export interface RecordedHistory {
  file: string;
  /** The workflow id, from the started event (histories carry no id otherwise); the file's name if absent. */
  workflowId: string;
  history: History;
  events: number;
  bytes: number;
}

/** Every test/histories/*.json, by name, parsed for Worker.runReplayHistories; none (not an error) when the folder is missing. */
export async function loadRecordedHistories(dir = historiesDir): Promise<RecordedHistory[]> {
  const files = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  return Promise.all(
    files
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map(async (file) => {
        const text = await readFile(`${dir}${file}`, 'utf8');
        const history = historyFromJSONText(text);
        const workflowId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId || file.replace(/\.json$/, '');
        return { file, workflowId, history, events: history.events?.length ?? 0, bytes: Buffer.byteLength(text) };
      }),
  );
}

// In this install @temporalio/common and @temporalio/proto each get their own nested copy of protobufjs 8 (the top
// level holds @grpc/proto-loader's protobufjs 7), and protobufjs's ProtoJSON checks the message type with
// `instanceof` against its own copy: the SDK's historyToJSON and historyFromJSON (which runReplayHistories calls on a
// JSON history) throw "type must be a Type". The same conversion through the copy @temporalio/proto loads works on
// any layout, and writes the same JSON.
// @temporalio/proto is reached through @temporalio/common (a dependency of ours), as the SDK's own helpers reach it.
interface MessageType {
  fromObject(object: unknown): unknown;
}
interface ProtoJson {
  toJson(type: MessageType, message: unknown): unknown;
  fromJson(type: MessageType, json: unknown, options: { ignoreUnknownFields: boolean }): History | null;
}
const requireFromCommon = createRequire(createRequire(import.meta.url).resolve('@temporalio/common'));
const requireFromProto = createRequire(requireFromCommon.resolve('@temporalio/proto'));
const protoJson = requireFromProto('protobufjs/ext/protojson') as ProtoJson;
const { patchProtobufRoot } = requireFromCommon('@temporalio/proto/lib/patch-protobuf-root') as { patchProtobufRoot(root: unknown): { lookupType(name: string): MessageType } };
const historyType = patchProtobufRoot(requireFromCommon('@temporalio/proto')).lookupType('temporal.api.history.v1.History');

function isDuplicateProtobufError(err: unknown): boolean {
  return err instanceof TypeError && err.message === 'type must be a Type';
}

function historyAsJSON(history: History): string {
  try {
    return historyToJSON(history);
  } catch (err) {
    if (!isDuplicateProtobufError(err)) throw err;
    return JSON.stringify(protoJson.toJson(historyType, historyType.fromObject(history)), null, 2);
  }
}

function historyFromJSONText(text: string): History {
  const json: unknown = JSON.parse(text);
  try {
    return historyFromJSON(json);
  } catch (err) {
    if (!isDuplicateProtobufError(err)) throw err;
    const history = protoJson.fromJson(historyType, json, { ignoreUnknownFields: true });
    if (!history) throw new TypeError('Invalid history', { cause: err });
    return history;
  }
}
