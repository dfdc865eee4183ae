/** The lab layer: notebook session, figure data and series statistics, tables, progress, cache and checks. */
export { openNotebook, Notebook, type NotebookMeta, type ReportMeta } from "./notebook";
export type { Axis, FigureData, FigureSpec, Marker, Series, SeriesKind } from "./figure";
export { fromSeeds, validateFigure, figureToCsv } from "./figure";
export { asEstimate, estimateAt, estimateAtEnd, logLogSlopeEstimate, meanSe, pairedStatistic, seedRows, seriesNamed, statistic } from "./series";
export { checkClose, checkOrdered, checkRange, checkTrue, headlineOf, Scorecard, type CheckKind, type CheckMeta, type CheckResult, type Estimate, type KindMeta, type ScorecardSummary, type Tag } from "./checks";
export { readConfig, parseMode, LabConfigError, type LabConfig, type Mode } from "./config";
export { progress, type Progress } from "./progress";
export { showHtml, showMarkdown } from "./display";
export { toPlotly } from "./plotly";
export { describeAgreement, detectableBias, pointsOfFigure, scaleTheory, testAgreement, type AgreementOptions, type AgreementResult, type ComparedPoint, type PointSelection } from "./agreement";
