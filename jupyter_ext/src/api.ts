/**
 * The client of the server route `POST <base>/mlsafe/lint` (see mlsafe_jupyter/payload.py).
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

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
  /** The quick fix, when the finding has one that only edits cell sources. */
  fix: IFix | null;
}

/** A replacement of a span of a cell's source (1-based cell, line and column; end exclusive). */
export interface IFixEdit {
  cell: number;
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

/** A failed request: `status` is null when the server could not be reached at all. */
export class LintError extends Error {
  constructor(
    message: string,
    readonly status: number | null
  ) {
    super(message);
  }
}

export async function requestLint(
  body: ILintRequest,
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<ILintResponse> {
  const url = URLExt.join(settings.baseUrl, 'mlsafe', 'lint');
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(
      url,
      { method: 'POST', body: JSON.stringify(body) },
      settings
    );
  } catch (error) {
    throw new LintError(`cannot reach the Jupyter server (${error})`, null);
  }
  if (!response.ok) {
    let message = response.statusText;
    try {
      const data = await response.json();
      message = data.message || message;
    } catch {
      // not JSON: keep the status text
    }
    throw new LintError(message, response.status);
  }
  return (await response.json()) as ILintResponse;
}
