/**
 * Mutation test of the agreement checks, from saved data (no notebook re-run): for every passing agreement check in
 * <reports>/<paper>/checks.json, theory scaled by 1 + 1.5·detectableBias and by 1 − 1.5·detectableBias must fail
 * the same verdict. Prints one line per check and "N passed, N failed". Usage: tsx tools/mutation-check.ts [reports]
 */
import * as fs from "fs";
import * as path from "path";
import { scaleTheory, testAgreement, type AgreementOptions, type ComparedPoint } from "../src/lab/agreement";

interface Saved { id: string; options: AgreementOptions; points: ComparedPoint[] }

const root = process.argv[2] ?? "reports";
let passed = 0, failed = 0;
const papers = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, "checks.json"))).sort() : [];
if (papers.length === 0) {
  console.log(`mutation check: no checks.json under ${root}/ (run the notebooks first)`);
  failed++;
}
for (const paper of papers) {
  const card = JSON.parse(fs.readFileSync(path.join(root, paper, "checks.json"), "utf8"));
  for (const c of card.checks) {
    if (c.kind !== "agreement" || !c.pass) continue;
    const saved: Saved = JSON.parse(fs.readFileSync(path.join(root, paper, c.agreement.data), "utf8"));
    const d = c.agreement.detectableBias;
    const caught = [1 + 1.5 * d, 1 - 1.5 * d].map((f) => f > 0 && !testAgreement(scaleTheory(saved.points, f), saved.options).pass);
    const ok = caught.every(Boolean);
    if (ok) passed++;
    else failed++;
    console.log(`${ok ? "ok" : "FAILED"}  ${paper}/${c.id}: theory × (1 ± ${(1.5 * 100 * d).toFixed(2)}%) ${ok ? "fails the verdict" : `passes the verdict (${caught})`}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
