/** What machine, runtime and backends produced a result: shown in every notebook header and stored in the report. */
import * as os from "os";
import { linalgBackend } from "../maths/linalg/index";

export interface Environment {
  machine: string;
  cpus: number;
  memoryGiB: number;
  node: string;
  tslab: string;
  linalg: string;
  [key: string]: string | number;
}

function tslabVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return String(require("tslab/package.json").version);
  } catch {
    return "not installed";
  }
}

/** A snapshot of the environment. */
export function describeEnvironment(): Environment {
  const cpus = os.cpus();
  const lb = linalgBackend();
  return {
    machine: `${cpus[0]?.model?.trim() ?? "unknown CPU"} (${os.platform()} ${os.arch()})`,
    cpus: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    tslab: tslabVersion(),
    linalg: `${lb.name} — ${lb.detail}`,
  };
}
