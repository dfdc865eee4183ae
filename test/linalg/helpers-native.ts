export * from "./helpers";
import assert from "node:assert/strict";
import { matmul, Matrix, setLinalgBackend } from "../../src/maths/linalg";
import { naiveMatmul, relErr } from "./helpers";

/** Native XᵀX against the naive product (independent of the portable kernel). */
export function matmulNaiveCheck(X: Matrix): void {
  setLinalgBackend("native");
  const C = matmul(X, X, { transA: true });
  setLinalgBackend("auto");
  assert.ok(relErr(C.data, naiveMatmul(X, X, true, false).data) < 1e-13);
}
