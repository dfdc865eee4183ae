/** Identifies the code that produced a result: git revision for humans, a content hash of src/ for the cache. */
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/**
 * `abc1234` or `abc1234-dirty` (the code or notebooks differ from that commit), or `unknown` outside git.
 * Dirty means different content, compared through git's filters: a notebook that was only run and saved (outputs,
 * counts, layout — stripped by the clean filter of tools/nbstrip.cjs) is not a change, nor are ignored files such as
 * `.ipynb_checkpoints/`. Untracked files under src/ or notebooks/ are.
 */
export function gitRevision(root: string): string {
  const git = (args: string[]) => execFileSync("git", args, { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  try {
    const sha = git(["rev-parse", "--short=10", "HEAD"]);
    let changed = false;
    try {
      git(["diff", "--quiet", "HEAD", "--", "src", "notebooks"]);
    } catch {
      changed = true; // exit status 1: content differs from HEAD (staged or not)
    }
    if (!changed) changed = git(["ls-files", "--others", "--exclude-standard", "--", "src", "notebooks"]) !== "";
    return changed ? `${sha}-dirty` : sha;
  } catch {
    return "unknown";
  }
}

function listFiles(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else if (e.isFile() && /\.(ts|js|cjs|json|c|cc|h)$/.test(e.name)) out.push(p);
  }
}

/**
 * SHA-256 over the paths and contents of every source file under `root/src` (and the native addon source):
 * any edit to the library changes it, so cached results are never served to different code.
 */
export function sourceHash(root: string): string {
  const files: string[] = [];
  for (const sub of ["src", "native"]) {
    const d = path.join(root, sub);
    if (fs.existsSync(d)) listFiles(d, files);
  }
  files.sort();
  const h = createHash("sha256");
  for (const f of files) {
    if (f.includes(`${path.sep}build${path.sep}`)) continue;
    h.update(path.relative(root, f));
    h.update("\0");
    h.update(fs.readFileSync(f));
    h.update("\0");
  }
  return h.digest("hex").slice(0, 16);
}
