/**
 * The messages of the server route `POST <base>/mlsafe/lint` (see mlsafe_jupyter/payload.py):
 * types only, no imports, so the pure modules and their unit tests can use them.
 */
export type Severity = 'low' | 'medium' | 'high';

/** One finding as the server sends it; positions are 1-based, ends exclusive. */
export interface IFinding {
  code: string;
  name: string;
  category: string;
  severity: Severity;
  message: string;
  /** 1-based index of the cell over all cells, as the engine counts. */
  cell: number | null;
  /** 0-based index of the output in the cell, or null for the cell's source. */
  output: number | null;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  url: string;
  /** For a finding in an output: whether the output holds secrets or personal data to redact. */
  redactable?: boolean;
  /** The quick fix, when the finding has one that only edits cell sources. */
  fix: IFix | null;
}

/** A replacement of a span of a cell's source (1-based cell, line and column; end exclusive). */
export interface IFixEdit {
  /** 1-based index of the cell when it was linted (the cell may have moved since: use the id). */
  cell: number;
  /** The id of the cell the edit is for (null: a cell without id, from an older server). */
  cell_id?: string | null;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  content: string;
}

export interface IFix {
  title: string;
  applicability: 'safe' | 'unsafe';
  edits: IFixEdit[];
}

export interface ILintResponse {
  /** Every cell id of the request, with its findings (maybe none). */
  cells: { [cellId: string]: IFinding[] };
  /** Findings that belong to no cell (a notebook that cannot be read at all). */
  notebook: IFinding[];
  count: number;
}

export interface ILintRequest {
  notebook: {
    cells: Record<string, unknown>[];
    metadata: Record<string, unknown>;
    nbformat: number;
    nbformat_minor: number;
  };
  ignore: string[];
  min_severity: Severity;
}
