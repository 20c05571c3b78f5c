/**
 * Progress of an index build, reported by stage: structuring the documents, tokenizing the
 * passages for BM25, embedding them, adding them to the vector graph, saving the generation.
 */
export type BuildStage = "structure" | "tokenize" | "embed" | "vectors" | "save";

export interface BuildProgress {
  stage: BuildStage;
  /** Items of this stage done so far (documents or passages). */
  done: number;
  /** Items of this stage in all. */
  total: number;
}

export type ProgressListener = (progress: BuildProgress) => void;

/** Items between two reports of one stage (the first and the last are always reported). */
export const PROGRESS_EVERY = 1000;

/** Calls `listener` for item `done` of `total` when it is the first, the last or a multiple of `every`. */
export function reportEvery(
  listener: ProgressListener | undefined,
  stage: BuildStage,
  done: number,
  total: number,
  every = PROGRESS_EVERY,
): void {
  if (listener && (done === 0 || done === total || done % every === 0)) listener({ stage, done, total });
}
