/** Figure data types: the lab contract (src/lab/figure.ts), re-exported for this paper's builders. */
export type { Axis, FigureSpec, Marker, Series } from "../../lab/figure";
