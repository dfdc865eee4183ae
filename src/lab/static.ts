/**
 * Static copies of plotly figures, rendered by a headless Chromium (Debian's `chromium`, driven by playwright-core)
 * kept open for the whole kernel process:
 * * a PNG data URI used as the fallback image inside a figure's HTML and as its `image/png`, so a figure still shows
 *   where scripts do not run (untrusted notebooks in JupyterLab without the plotly extension);
 * * files for papers and slides next to the figure's JSON: `figures/<id>.svg` (vector) and `figures/<id>.png`
 *   (twice the on-screen resolution).
 * Optional: without a browser, figures are interactive HTML only, and `staticImagesUnavailable` says why.
 *
 * `LAB_PNG=auto` (default: on inside a kernel when a Chromium is found), `on`, `off`; `LAB_CHROMIUM` = executable path.
 */
import * as fs from "fs";
import type { PlotlyFigure } from "./plotly";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

/** A figure whose images take longer than this is given up (the browser is closed; the next figure starts a new one). */
const RENDER_TIMEOUT_MS = 60_000;

/** Scale of the PNG file relative to the figure's layout size (the embedded fallback PNG is at scale 1). */
export const PNG_FILE_SCALE = 2;

/** The Chromium executable to use, or null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.LAB_CHROMIUM) return fs.existsSync(env.LAB_CHROMIUM) ? env.LAB_CHROMIUM : null;
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

function playwrightAvailable(): boolean {
  try {
    require.resolve("playwright-core");
    return true;
  } catch {
    return false;
  }
}

/**
 * Why static images (fallback PNG, SVG and PNG files) are not rendered in this process, or null when they are:
 * `LAB_PNG=off`, no Chromium, no playwright-core, or `LAB_PNG=auto` outside a kernel.
 */
export function staticImagesUnavailable(inKernel: boolean, env: NodeJS.ProcessEnv = process.env): string | null {
  const v = (env.LAB_PNG ?? "auto").trim().toLowerCase();
  if (v === "off" || v === "0") return "turned off by LAB_PNG=off";
  if (env.LAB_CHROMIUM && !fs.existsSync(env.LAB_CHROMIUM)) return `LAB_CHROMIUM=${env.LAB_CHROMIUM} does not exist`;
  if (findChromium(env) === null) {
    return `no Chromium found (looked for ${CANDIDATES.join(", ")}): install Debian's chromium package (apt-get install chromium) or set LAB_CHROMIUM`;
  }
  if (!playwrightAvailable()) return "the npm package playwright-core is not installed (npm ci)";
  if (v !== "on" && v !== "1" && !inKernel) return "outside a Jupyter kernel (LAB_PNG=auto renders only in a kernel; LAB_PNG=on renders anywhere)";
  return null;
}

/** Whether PNG rendering is wanted: `LAB_PNG` on/off, or auto = inside a kernel with a Chromium available. */
export function pngWanted(inKernel: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return staticImagesUnavailable(inKernel, env) === null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Page = { evaluate(expr: string): Promise<any>; setContent(html: string): Promise<void>; addScriptTag(o: { path: string }): Promise<unknown> };
let session: Promise<{ page: Page; close: () => Promise<void> }> | null = null;

/** Forgets a browser session that failed, closing it if it is still there (the next render starts a fresh one). */
function dropSession(): void {
  const s = session;
  session = null;
  s?.then((x) => x.close()).catch(() => undefined);
}

async function open(executablePath: string) {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({ executablePath, args: ARGS });
  const page = (await browser.newPage()) as Page;
  await page.setContent("<!doctype html><html><body style='margin:0'><div id='g'></div></body></html>");
  await page.addScriptTag({ path: require.resolve("plotly.js-dist-min/plotly.min.js") });
  return { page, close: () => browser.close() as Promise<void> };
}

interface Request {
  format: "png" | "svg";
  scale: number;
}

/** Draws `fig` once in the shared page and exports it in each requested format (data URIs, in order). */
async function renderIn(exe: string, fig: PlotlyFigure, requests: Request[]): Promise<string[]> {
  session ??= open(exe);
  const { page } = await session;
  const width = Number(fig.layout.width ?? 760), height = Number(fig.layout.height ?? 430);
  const js = `(async () => { const el = document.getElementById('g'); Plotly.purge(el);
    const f = ${JSON.stringify(fig)}; await Plotly.newPlot(el, f.data, f.layout, { staticPlot: true });
    const out = [];
    for (const r of ${JSON.stringify(requests)}) out.push(await Plotly.toImage(el, { format: r.format, width: ${width}, height: ${height}, scale: r.scale }));
    return out; })()`;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no image after ${RENDER_TIMEOUT_MS / 1000} s`)), RENDER_TIMEOUT_MS);
  });
  const uris = await Promise.race([page.evaluate(js), timeout]).finally(() => clearTimeout(timer));
  if (!Array.isArray(uris) || uris.length !== requests.length) throw new Error("Plotly.toImage returned no images");
  return uris.map((u: unknown, i: number) => {
    const prefix = requests[i].format === "png" ? "data:image/png;base64," : "data:image/svg+xml,";
    if (typeof u !== "string" || !u.startsWith(prefix)) throw new Error(`Plotly.toImage returned no ${requests[i].format}`);
    return u;
  });
}

/** The SVG text of an `image/svg+xml` data URI as plotly.js writes it (URI-encoded, or base64). */
export function svgFromDataUri(uri: string): string {
  const comma = uri.indexOf(",");
  if (!uri.startsWith("data:image/svg+xml") || comma < 0) throw new RangeError(`svgFromDataUri: not an SVG data URI, got ${JSON.stringify(uri.slice(0, 40))}`);
  const head = uri.slice(0, comma), body = uri.slice(comma + 1);
  return head.endsWith(";base64") ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
}

/** The bytes of a `image/png;base64` data URI. */
export function pngFromDataUri(uri: string): Buffer {
  const prefix = "data:image/png;base64,";
  if (!uri.startsWith(prefix)) throw new RangeError(`pngFromDataUri: not a base64 PNG data URI, got ${JSON.stringify(uri.slice(0, 40))}`);
  return Buffer.from(uri.slice(prefix.length), "base64");
}

export interface FigureImages {
  /** PNG at the figure's layout size, as a data URI (the fallback image inside the figure's HTML). */
  pngDataUri: string;
  /** PNG file at PNG_FILE_SCALE × the layout size. */
  png: Buffer;
  /** Standalone SVG document. */
  svg: string;
}

/**
 * The static images of a plotly figure, or the reason there are none (no browser, or rendering failed). Never throws:
 * the static copies are a convenience, the interactive figure and the data are the product.
 */
export async function renderFigureImages(fig: PlotlyFigure, env: NodeJS.ProcessEnv = process.env): Promise<{ images: FigureImages } | { reason: string }> {
  const exe = findChromium(env);
  if (!exe) return { reason: staticImagesUnavailable(true, env) ?? "no Chromium found" };
  try {
    const [small, large, svg] = await renderIn(exe, fig, [{ format: "png", scale: 1 }, { format: "png", scale: PNG_FILE_SCALE }, { format: "svg", scale: 1 }]);
    return { images: { pngDataUri: small, png: pngFromDataUri(large), svg: svgFromDataUri(svg) } };
  } catch (e) {
    dropSession();
    const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    return { reason: `Chromium (${exe}) could not render the figure: ${msg}` };
  }
}

/**
 * PNG of a plotly figure as a data URI, or null when no browser is available or rendering fails (never throws).
 */
export async function renderPng(fig: PlotlyFigure, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const exe = findChromium(env);
  if (!exe) return null;
  try {
    return (await renderIn(exe, fig, [{ format: "png", scale: 1 }]))[0];
  } catch {
    dropSession();
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
