/**
 * Run configuration of a notebook: mode, seed, cache switch and where outputs go, read from the environment
 * (tslab has no papermill, so parameters travel as environment variables).
 *
 * | variable         | values                    | default                              |
 * |------------------|---------------------------|--------------------------------------|
 * | `LAB_MODE`       | `quick` \| `full`         | `quick`                              |
 * | `LAB_SEED`       | integer in [0, 2³²)       | `1`                                  |
 * | `LAB_CACHE`      | `on` \| `off`             | `on` in full mode, `off` in quick    |
 * | `LAB_REPORT_DIR` | folder for this notebook  | `<project>/reports/interactive/<paper>` |
 */
import * as fs from "fs";
import * as path from "path";
import { parseSeed } from "../maths/random";

export type Mode = "quick" | "full";

export interface LabConfig {
  mode: Mode;
  seed: number;
  cache: boolean;
  projectRoot: string;
  /** Where this notebook's figures, tables and checks are written. */
  reportDir: string;
  /** True when the headless runner executes the notebook (it sets LAB_REPORT_DIR). */
  headless: boolean;
}

/** A user error in the configuration: its message says what is wrong and how to fix it. */
export class LabConfigError extends Error {
  override name = "LabConfigError";
}

/** Parses `LAB_MODE`. @example parseMode("full") // returns "full" */
export function parseMode(value: string | undefined): Mode {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || v === "quick") return "quick";
  if (v === "full") return "full";
  throw new LabConfigError(`LAB_MODE=${JSON.stringify(value)} is not a mode: use LAB_MODE=quick or LAB_MODE=full`);
}

function parseCache(value: string | undefined, mode: Mode): boolean {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "") return mode === "full";
  if (["on", "1", "true", "yes"].includes(v)) return true;
  if (["off", "0", "false", "no"].includes(v)) return false;
  throw new LabConfigError(`LAB_CACHE=${JSON.stringify(value)} is not understood: use LAB_CACHE=on or LAB_CACHE=off`);
}

/** The collapse-lab checkout containing `start` (walks up to the package.json named "collapse-lab"). */
export function findProjectRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    const pj = path.join(dir, "package.json");
    if (fs.existsSync(pj)) {
      try {
        if (JSON.parse(fs.readFileSync(pj, "utf8")).name === "collapse-lab") return dir;
      } catch {
        /* not ours; keep walking */
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new LabConfigError(`cannot find the collapse-lab checkout above ${start}: open the notebooks from the project's notebooks/ folder`);
    dir = up;
  }
}

/** Reads and validates the configuration for `paper` from `env`. */
export function readConfig(paper: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): LabConfig {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(paper)) throw new LabConfigError(`paper slug ${JSON.stringify(paper)} must be lowercase letters, digits and dashes`);
  const mode = parseMode(env.LAB_MODE);
  let seed: number;
  try {
    seed = parseSeed(env.LAB_SEED ?? "1");
  } catch {
    throw new LabConfigError(`LAB_SEED=${JSON.stringify(env.LAB_SEED)} is not a seed: use a whole number from 0 to 4294967295, e.g. LAB_SEED=7`);
  }
  const projectRoot = findProjectRoot(cwd);
  const headless = !!env.LAB_REPORT_DIR;
  const reportDir = env.LAB_REPORT_DIR ? path.resolve(env.LAB_REPORT_DIR) : path.join(projectRoot, "reports", "interactive", paper);
  return { mode, seed, cache: parseCache(env.LAB_CACHE, mode), projectRoot, reportDir, headless };
}
