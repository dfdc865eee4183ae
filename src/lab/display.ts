/**
 * Rich output for the tslab kernel. tslab's public API sends one MIME type per output; its kernel module exports the
 * underlying writer (`lastWriteDisplayData`), which accepts a full MIME bundle, so one output can carry plotly JSON,
 * offline HTML and plain text at once. Outside a kernel (tests, scripts) the text/plain part is printed.
 */
export type MimeBundle = Record<string, string | object>;

type Writer = (msg: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

function kernelWriter(): Writer | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: Writer | null };
    return jupyter.lastWriteDisplayData ?? null;
  } catch {
    return null;
  }
}

/** True inside a running tslab kernel. */
export function inKernel(): boolean {
  return kernelWriter() !== null;
}

/**
 * Sends one display output with every MIME type of `data`. With `displayId`, later calls with `update: true`
 * replace that output in place (progress lines).
 */
export function writeDisplay(data: MimeBundle, opts: { displayId?: string; update?: boolean } = {}): void {
  const w = kernelWriter();
  if (!w) {
    if (data["text/plain"] !== undefined) console.log(data["text/plain"]);
    return;
  }
  w({ data, metadata: {}, transient: opts.displayId ? { display_id: opts.displayId } : {} }, !!opts.update);
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON that is safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Shows a short HTML fragment with a plain-text fallback. */
export function showHtml(html: string, text: string): void {
  writeDisplay({ "text/html": html, "text/plain": text });
}

/** Shows markdown (rendered by JupyterLab and by nbconvert) with a plain-text fallback. */
export function showMarkdown(md: string): void {
  writeDisplay({ "text/markdown": md, "text/plain": md });
}
