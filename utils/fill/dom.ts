/**
 * The content-script fill engine, one module per concern:
 * detect.ts (fields + labels) · match.ts (pure matching) · plan.ts (pure plan + verdict) ·
 * rows.ts (empty row / add row) · strategies/ (one widget each) · apply.ts (fill, read back, undo) ·
 * teach.ts (the clerk points at a field).
 */
export { collectFields, type Found } from './detect';
export { detectForm, fillRow, readRow, readRows, undoLastFill, clearHighlights, type FillReport, type FillFieldResult, type Taught } from './apply';
export { fieldPosition, pickFieldOnce } from './teach';
