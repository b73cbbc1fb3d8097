/** A problem found in a model, and how problems are shown to a person. */

/** One problem in a model: where (a dotted path, `(file)` for the file itself) and what. */
export interface ModelProblem {
  /** Dotted path into the model, e.g. `transactionKinds.TK02.executor`; `(file)` for the file itself. */
  readonly path: string;
  readonly message: string;
  /** 1-based line in the source file, when the model was read from YAML or JSON. */
  readonly line?: number;
  /** 1-based column in the source file. */
  readonly column?: number;
}

/** Renders one problem as `path: message`, followed by ` (line L:C)` when its position is known (pure). */
export function formatModelProblem(problem: ModelProblem): string {
  const where =
    problem.line === undefined
      ? ''
      : ` (line ${problem.line}${problem.column === undefined ? '' : `:${problem.column}`})`;
  return `${problem.path}: ${problem.message}${where}`;
}

/** Renders problems one per line, in the order given (pure). */
export function formatModelProblems(problems: readonly ModelProblem[]): string {
  return problems.map(formatModelProblem).join('\n');
}
