/**
 * Result cache keyed by (source hash of the library, paper, result id, parameters, seed, mode). A key never matches
 * a result computed by different code: editing any file under src/ changes the source hash.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

export interface CacheKeyParts {
  sourceHash: string;
  paper: string;
  id: string;
  params: unknown;
  seed: number;
  mode: string;
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (v && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) o[k] = canonical((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}

/** Hex key of the parts; object key order does not matter. */
export function cacheKey(parts: CacheKeyParts): string {
  return createHash("sha256").update(JSON.stringify(canonical(parts))).digest("hex").slice(0, 24);
}

export class ResultCache {
  constructor(readonly dir: string, readonly enabled: boolean) {}

  private file(parts: CacheKeyParts): string {
    return path.join(this.dir, parts.paper, `${parts.id.replace(/[^A-Za-z0-9_.-]/g, "_")}-${cacheKey(parts)}.json`);
  }

  /** The cached value, or undefined (also when disabled or the entry is unreadable). */
  get<T>(parts: CacheKeyParts): T | undefined {
    if (!this.enabled) return undefined;
    try {
      return JSON.parse(fs.readFileSync(this.file(parts), "utf8")) as T;
    } catch {
      return undefined;
    }
  }

  /** Stores a JSON-serialisable value (written atomically). */
  set(parts: CacheKeyParts, value: unknown): void {
    if (!this.enabled) return;
    const f = this.file(parts);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    const tmp = `${f}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value));
    fs.renameSync(tmp, f);
  }
}
