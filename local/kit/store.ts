// A stand-in's state: named collections of records keyed by id, in memory, optionally kept in
// an append-only journal file (one JSON line per change) so the dev stack survives restarts.
// Appending a line per change keeps a write O(record), where rewriting a whole state file on
// every change grew with the state; the journal is compacted once, when it is opened.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

type Key = string | null | undefined;

export interface Collection<T extends { id: string }> {
  get(id: string): T | undefined;
  has(id: string): boolean;
  values(): T[];
  readonly size: number;
  /** Records whose `index` key equals `key` (indexes are declared with the collection). */
  where(index: string, key: string): T[];
  /** Stores the record (new, or changed in place) and journals it. */
  put(record: T): T;
  delete(id: string): void;
}

export interface JournalStore {
  collection<T extends { id: string }>(name: string, indexes?: Record<string, (record: T) => Key>): Collection<T>;
}

type Line = { c: string; v: { id: string } } | { c: string; d: string };

/**
 * `file` undefined → memory only (tests). Collections must be declared before the first
 * change; records of undeclared collections in the file are kept and rewritten on compaction.
 */
export function createJournalStore(file?: string): JournalStore {
  const loaded = new Map<string, Map<string, { id: string }>>();
  if (file) mkdirSync(dirname(file), { recursive: true });
  if (file && existsSync(file)) {
    for (const text of readFileSync(file, 'utf8').split('\n')) {
      if (!text.trim()) continue;
      let line: Line;
      try {
        line = JSON.parse(text) as Line;
      } catch {
        // A line cut short by a crash mid-append is the only line that can be unreadable.
        continue;
      }
      const records = loaded.get(line.c) ?? new Map();
      loaded.set(line.c, records);
      if ('d' in line) records.delete(line.d);
      else records.set(line.v.id, line.v);
    }
    compact(file, loaded);
  }

  const append = (line: Line) => {
    if (!file) return;
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  };

  return {
    collection<T extends { id: string }>(name: string, indexes: Record<string, (record: T) => Key> = {}): Collection<T> {
      const records = (loaded.get(name) ?? new Map()) as Map<string, T>;
      loaded.set(name, records);
      // index name → key → ids; each record's current keys, to move it when a key changes.
      const byKey = new Map<string, Map<string, Set<string>>>(Object.keys(indexes).map((index) => [index, new Map()]));
      const keysOf = new Map<string, Map<string, Key>>();

      const unindex = (id: string) => {
        for (const [index, key] of keysOf.get(id) ?? []) if (key != null) byKey.get(index)!.get(key)?.delete(id);
        keysOf.delete(id);
      };
      const reindex = (record: T) => {
        unindex(record.id);
        const keys = new Map<string, Key>();
        for (const [index, keyOf] of Object.entries(indexes)) {
          const key = keyOf(record);
          keys.set(index, key);
          if (key == null) continue;
          const ids = byKey.get(index)!.get(key) ?? new Set();
          ids.add(record.id);
          byKey.get(index)!.set(key, ids);
        }
        keysOf.set(record.id, keys);
      };
      for (const record of records.values()) reindex(record);

      const collection: Collection<T> = {
        get: (id) => records.get(id),
        has: (id) => records.has(id),
        values: () => [...records.values()],
        get size() {
          return records.size;
        },
        where(index, key) {
          const ids = byKey.get(index);
          if (!ids) throw new Error(`collection ${name} has no index ${index}`);
          return [...(ids.get(key) ?? [])].map((id) => records.get(id)!);
        },
        put(record) {
          records.set(record.id, record);
          reindex(record);
          append({ c: name, v: record });
          return record;
        },
        delete(id) {
          if (!records.delete(id)) return;
          unindex(id);
          append({ c: name, d: id });
        },
      };
      return collection;
    },
  };
}

/** Rewrites the journal as one line per live record (write, then rename: never half a file). */
function compact(file: string, collections: Map<string, Map<string, { id: string }>>): void {
  const lines: string[] = [];
  for (const [name, records] of collections) for (const record of records.values()) lines.push(JSON.stringify({ c: name, v: record }));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, lines.length ? `${lines.join('\n')}\n` : '');
  renameSync(tmp, file);
}
