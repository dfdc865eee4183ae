/**
 * Figure data types. The canonical definitions live in src/lab/figure.ts (docs/CONTRIBUTING.md); these are
 * structurally identical so the builders here stay DOM- and lab-free and type-check on their own.
 */
export interface Axis { title: string; log?: boolean; range?: [number, number] }
export interface Series {
  name: string;
  kind: "theory" | "simulation" | "measured" | "stand-in";
  x: number[];
  y: number[];
  yErr?: number[];
  panel?: number;
  style?: "lines" | "markers" | "lines+markers";
  group?: string;
}
export interface FigureSpec {
  figure: string;
  title: string;
  params: Record<string, unknown>;
  series: Series[];
  axes: { x: Axis; y: Axis };
  panels?: { title: string; axes?: { x: Axis; y: Axis } }[];
  notes?: string[];
  markers?: { name: string; x: number; panel?: number; axis?: "x" | "y" }[];
}
