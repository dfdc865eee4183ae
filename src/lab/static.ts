/**
 * Static PNG copies of plotly figures, rendered by a headless Chromium (Debian's `chromium`, driven by
 * playwright-core) kept open for the whole kernel process. Used as the fallback image inside a figure's HTML and as its
 * `image/png`, so a figure still shows where scripts do not run (untrusted notebooks in JupyterLab without the plotly
 * extension). Optional: without a browser, figures are interactive HTML only.
 *
 * `LAB_PNG=auto` (default: on inside a kernel when a Chromium is found), `on`, `off`; `LAB_CHROMIUM` = executable path.
 */
import * as fs from "fs";
import type { PlotlyFigure } from "./plotly";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

/** The Chromium executable to use, or null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.LAB_CHROMIUM) return fs.existsSync(env.LAB_CHROMIUM) ? env.LAB_CHROMIUM : null;
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

/** Whether PNG rendering is wanted: `LAB_PNG` on/off, or auto = inside a kernel with a Chromium available. */
export function pngWanted(inKernel: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.LAB_PNG ?? "auto").toLowerCase();
  if (v === "off" || v === "0") return false;
  if (v === "on" || v === "1") return findChromium(env) !== null;
  return inKernel && findChromium(env) !== null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Page = { evaluate(expr: string): Promise<any>; setContent(html: string): Promise<void>; addScriptTag(o: { path: string }): Promise<unknown> };
let session: Promise<{ page: Page; close: () => Promise<void> }> | null = null;

async function open(executablePath: string) {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({ executablePath, args: ARGS });
  const page = (await browser.newPage()) as Page;
  await page.setContent("<!doctype html><html><body style='margin:0'><div id='g'></div></body></html>");
  await page.addScriptTag({ path: require.resolve("plotly.js-dist-min/plotly.min.js") });
  return { page, close: () => browser.close() as Promise<void> };
}

/**
 * PNG of a plotly figure as a data URI, or null when no browser is available or rendering fails (never throws:
 * the static copy is a convenience, the interactive figure and the data are the product).
 */
export async function renderPng(fig: PlotlyFigure, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const exe = findChromium(env);
  if (!exe) return null;
  try {
    session ??= open(exe);
    const { page } = await session;
    const width = Number(fig.layout.width ?? 760), height = Number(fig.layout.height ?? 430);
    const js = `(async () => { const el = document.getElementById('g'); Plotly.purge(el);
      const f = ${JSON.stringify(fig)}; await Plotly.newPlot(el, f.data, f.layout, { staticPlot: true });
      return Plotly.toImage(el, { format: 'png', width: ${width}, height: ${height}, scale: 1 }); })()`;
    const uri = await page.evaluate(js);
    return typeof uri === "string" && uri.startsWith("data:image/png;base64,") ? uri : null;
  } catch {
    session = null;
    return null;
  }
}

/** Closes the browser if one was started. */
export async function closeBrowser(): Promise<void> {
  if (!session) return;
  const s = session;
  session = null;
  try {
    await (await s).close();
  } catch {
    /* already gone */
  }
}
