/**
 * Small SVG building blocks for schematic figures (a pipeline of boxes and arrows). Drawing only: a diagram
 * carries no result, so these never change a number of a report.
 */

/** A rounded box with a bold label and a smaller sub-label, centred. */
export function svgBox(x: number, y: number, w: number, h: number, label: string, sub: string, fill: string): string {
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="10" fill="${fill}" stroke="#333"/>` +
    `<text x="${x + w / 2}" y="${y + h / 2 - 4}" text-anchor="middle" font-size="14" font-weight="bold">${label}</text>` +
    `<text x="${x + w / 2}" y="${y + h / 2 + 14}" text-anchor="middle" font-size="11">${sub}</text>`;
}

/** An arrow from (x1, y1) to (x2, y2) with an optional label above its middle; needs {@link svgArrowDefs}. */
export function svgArrow(x1: number, y1: number, x2: number, y2: number, label = ""): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#333" stroke-width="1.6" marker-end="url(#arr)"/>` +
    (label ? `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 7}" text-anchor="middle" font-size="11">${label}</text>` : "");
}

/** The arrow-head marker used by {@link svgArrow}. */
export function svgArrowDefs(): string {
  return `<defs><marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="#333"/></marker></defs>`;
}

/** An SVG document of the given size holding `body`, with the arrow marker defined. */
export function svgDocument(width: number, height: number, body: string[]): string {
  return [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`, svgArrowDefs(), ...body, `</svg>`].join("");
}
