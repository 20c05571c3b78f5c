/**
 * A local text embedding that needs no model download: latent semantic analysis (LSA) over
 * character n-grams.
 *
 * Features: for runs of Chinese characters, character n-grams of `minN`..`maxN` characters (1–2 by
 * default); for runs of other letters and digits, the whole word ("gdp", "2017"). Each text is a
 * TF-IDF vector (sublinear tf `1 + ln tf`, smooth idf `ln((1 + N) / (1 + df)) + 1`, unit length).
 * `fit` finds the top `dims` right singular vectors of the document × feature matrix with a
 * seeded randomized SVD (Halko, Martinsson & Tropp 2011: a random-sign range finder with power
 * iterations, then the small l × l eigenproblem with ml-matrix), so the same texts always give
 * the same model. Over many texts the projection is fitted on an evenly spaced sample of them
 * (`maxFitTexts`), so ~10,000 passages fit in seconds. A text's embedding is its TF-IDF vector
 * times that projection (for a training text: its row of UΣ), scaled to unit length.
 *
 * `LocalLsaEmbeddings` is a LangChain `Embeddings`, so an OpenAI-compatible embedding can take its
 * place; `embedSync` is the allocation-light path for queries (well under a millisecond).
 */
import { Embeddings } from "@langchain/core/embeddings";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

/** Options of `LocalLsaEmbeddings.fit`. */
export interface LsaOptions {
  /** Requested dimensions; the model has fewer when the texts have lower rank. Default 128. */
  dims?: number;
  /** Shortest Chinese character n-gram. Default 1. */
  minN?: number;
  /** Longest Chinese character n-gram. Default 2. */
  maxN?: number;
  /** A feature must occur in at least this many texts. Default 2, or 1 for fewer than 10 texts. */
  minDf?: number;
  /** Keep at most this many features (the most frequent by document frequency). Default 30,000. */
  maxFeatures?: number;
  /**
   * The projection is fitted on at most this many texts, evenly spaced through the list (so the
   * choice is deterministic); the vocabulary and idf always come from every text. Keeps a fit of
   * ~10,000 passages to a few seconds. Default 2,000.
   */
  maxFitTexts?: number;
  /** Extra random directions of the range finder beyond `dims`. Default 10. */
  oversample?: number;
  /** Power iterations of the range finder (each costs two passes over the data). Default 1. */
  powerIterations?: number;
  /** Seed of the random directions. Default 42. */
  seed?: number;
}

/** The JSON form of a fitted model. Float arrays are little-endian float32, base64. */
export interface LocalLsaJSON {
  format: "local-lsa";
  version: 1;
  name: string;
  minN: number;
  maxN: number;
  /** Dimensions of the vectors (≤ the requested dims). */
  dims: number;
  vocab: string[];
  /** float32[vocab.length], base64. */
  idf: string;
  /** float32[vocab.length × dims], row-major (one row per feature), base64. */
  projection: string;
}

/** The embedding name for given options, e.g. "local-lsa-char12-d128". */
export function localLsaName(opts: Pick<LsaOptions, "dims" | "minN" | "maxN"> = {}): string {
  return `local-lsa-char${opts.minN ?? 1}${opts.maxN ?? 2}-d${opts.dims ?? 128}`;
}

// ---------------------------------------------------------------------------------------------
// Features

/** Character classes of `forEachFeature`. */
const OTHER = 0;
const HAN_CHAR = 1;
const WORD_CHAR = 2;

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;

function classify(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) {
    // ASCII fast path: letters and digits are word characters.
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) return WORD_CHAR;
    return OTHER;
  }
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) return HAN_CHAR;
  if (HAN.test(ch)) return HAN_CHAR;
  return WORD.test(ch) ? WORD_CHAR : OTHER;
}

/**
 * Calls `emit` for every feature occurrence of `text`: Chinese character n-grams of length
 * minN..maxN within runs of Chinese characters, and whole words of other letters and digits.
 */
export function forEachFeature(
  text: string,
  minN: number,
  maxN: number,
  emit: (feature: string) => void,
): void {
  const chars = Array.from(text.normalize("NFKC").toLowerCase());
  let i = 0;
  while (i < chars.length) {
    const cls = classify(chars[i]!);
    let j = i + 1;
    while (j < chars.length && classify(chars[j]!) === cls) j++;
    if (cls === WORD_CHAR) {
      emit(chars.slice(i, j).join(""));
    } else if (cls === HAN_CHAR) {
      for (let s = i; s < j; s++) {
        let gram = "";
        for (let n = 1; n <= maxN && s + n <= j; n++) {
          gram += chars[s + n - 1]!;
          if (n >= minN) emit(gram);
        }
      }
    }
    i = j;
  }
}

/**
 * A feature as a key that is cheap to hash: a Chinese character 1- or 2-gram whose characters
 * lie in U+3400..U+9FFF is a small integer (no string is built for it); any other feature is its
 * text. `featureText` gives the text back; `featureKeyOf` gives the key of a feature's text.
 */
export type FeatureKey = number | string;

const CJK_BASE = 0x3400;
const CJK_SPAN = 0xa000 - CJK_BASE;

function compactHan(c: number): number {
  return c >= CJK_BASE && c < CJK_BASE + CJK_SPAN ? c - CJK_BASE : -1;
}

/** The text of a feature key. */
export function featureText(key: FeatureKey): string {
  if (typeof key === "string") return key;
  if (key < CJK_SPAN) return String.fromCharCode(key + CJK_BASE);
  const pair = key - CJK_SPAN;
  return String.fromCharCode(Math.floor(pair / CJK_SPAN) + CJK_BASE, (pair % CJK_SPAN) + CJK_BASE);
}

/** The key of a feature's text (the key `forEachFeatureKey` emits for it). */
export function featureKeyOf(feature: string): FeatureKey {
  if (feature.length === 1 || feature.length === 2) {
    const a = compactHan(feature.charCodeAt(0));
    if (a >= 0 && HAN_CHAR === classify(feature[0]!)) {
      if (feature.length === 1) return a;
      const b = compactHan(feature.charCodeAt(1));
      if (b >= 0 && HAN_CHAR === classify(feature[1]!)) return CJK_SPAN + a * CJK_SPAN + b;
    }
  }
  return feature;
}

/**
 * As `forEachFeature`, the same features in the same order, as keys (see `FeatureKey`).
 */
export function forEachFeatureKey(
  text: string,
  minN: number,
  maxN: number,
  emit: (key: FeatureKey) => void,
): void {
  const norm = text.normalize("NFKC").toLowerCase();
  // Code points with their start offsets in `norm`, and their classes.
  const n = norm.length;
  const pos = new Int32Array(n + 1);
  const cps = new Int32Array(n);
  const cls = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; ) {
    const c = norm.codePointAt(i)!;
    const width = c > 0xffff ? 2 : 1;
    pos[count] = i;
    cps[count] = c;
    cls[count] = classify(width === 1 ? norm[i]! : norm.slice(i, i + 2));
    count++;
    i += width;
  }
  pos[count] = n;
  let i = 0;
  while (i < count) {
    const k = cls[i]!;
    let j = i + 1;
    while (j < count && cls[j] === k) j++;
    if (k === WORD_CHAR) {
      emit(norm.slice(pos[i]!, pos[j]!));
    } else if (k === HAN_CHAR) {
      for (let s = i; s < j; s++) {
        const a = compactHan(cps[s]!);
        for (let len = 1; len <= maxN && s + len <= j; len++) {
          if (len < minN) continue;
          if (len === 1 && a >= 0) emit(a);
          else if (len === 2 && a >= 0 && compactHan(cps[s + 1]!) >= 0)
            emit(CJK_SPAN + a * CJK_SPAN + compactHan(cps[s + 1]!));
          else emit(norm.slice(pos[s]!, pos[s + len]!));
        }
      }
    }
    i = j;
  }
}

// ---------------------------------------------------------------------------------------------
// Seeded random numbers

/** sfc32: a small, fast, well-distributed 32-bit PRNG; returns uniforms in [0, 1). */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

/** Fills `out` with random signs ±1 (a Rademacher test matrix) from a seeded generator. */
function fillRademacher(out: Float64Array, seed: number): void {
  const rand = sfc32(seed);
  let bits = 0;
  for (let i = 0; i < out.length; i++) {
    if (i % 32 === 0) bits = Math.floor(rand() * 4294967296);
    out[i] = (bits >>> (i % 32)) & 1 ? 1 : -1;
  }
}

// ---------------------------------------------------------------------------------------------
// Sparse matrix (CSR) and the dense kernels of the randomized SVD

interface Csr {
  rows: number;
  cols: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float64Array;
}

/** Y (rows × l, row-major) = X · M, M is cols × l row-major. */
function csrTimesDense(x: Csr, m: Float64Array, l: number): Float64Array {
  const y = new Float64Array(x.rows * l);
  for (let i = 0; i < x.rows; i++) {
    const yo = i * l;
    for (let p = x.rowPtr[i]!; p < x.rowPtr[i + 1]!; p++) {
      const v = x.values[p]!;
      const mo = x.colIdx[p]! * l;
      for (let c = 0; c < l; c++) y[yo + c]! += v * m[mo + c]!;
    }
  }
  return y;
}

/** Z (cols × l, row-major) = Xᵀ · M, M is rows × l row-major. */
function csrTransposeTimesDense(x: Csr, m: Float64Array, l: number): Float64Array {
  const z = new Float64Array(x.cols * l);
  for (let i = 0; i < x.rows; i++) {
    const mo = i * l;
    for (let p = x.rowPtr[i]!; p < x.rowPtr[i + 1]!; p++) {
      const v = x.values[p]!;
      const zo = x.colIdx[p]! * l;
      for (let c = 0; c < l; c++) z[zo + c]! += v * m[mo + c]!;
    }
  }
  return z;
}

/**
 * Orthonormalises the columns of a rows × l row-major matrix in place (modified Gram–Schmidt,
 * run twice for stability). Columns that are (numerically) dependent on earlier ones become 0.
 */
function orthonormalizeColumns(a: Float64Array, rows: number, l: number): void {
  // Work column-major for contiguous dot products.
  const cols: Float64Array[] = [];
  for (let c = 0; c < l; c++) {
    const col = new Float64Array(rows);
    for (let r = 0; r < rows; r++) col[r] = a[r * l + c]!;
    cols.push(col);
  }
  for (let c = 0; c < l; c++) {
    const v = cols[c]!;
    let norm0 = 0;
    for (let r = 0; r < rows; r++) norm0 += v[r]! * v[r]!;
    norm0 = Math.sqrt(norm0);
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < c; p++) {
        const q = cols[p]!;
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += q[r]! * v[r]!;
        if (dot !== 0) for (let r = 0; r < rows; r++) v[r]! -= dot * q[r]!;
      }
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += v[r]! * v[r]!;
    norm = Math.sqrt(norm);
    if (norm <= 1e-10 * norm0 || norm === 0) v.fill(0);
    else for (let r = 0; r < rows; r++) v[r]! /= norm;
  }
  for (let c = 0; c < l; c++) {
    const col = cols[c]!;
    for (let r = 0; r < rows; r++) a[r * l + c] = col[r]!;
  }
}

/**
 * Top right singular vectors of X by randomized SVD: returns the cols × d row-major projection
 * (columns = right singular vectors, sign fixed so each column's largest entry is positive) and d.
 *
 * Range finder: Q = orth((X Xᵀ)^q X Ω). Then B = Qᵀ X has B Bᵀ = Qᵀ X (Xᵀ Q) = Ũ Σ² Ũᵀ (an l × l
 * symmetric eigenproblem, solved with ml-matrix), and the right singular vectors are
 * V = Bᵀ Ũ Σ⁻¹ = Xᵀ (Q Ũ Σ⁻¹). Every product with X is sparse; nothing of size cols × l is kept
 * beyond the test matrix and one intermediate.
 */
function randomizedRightSingularVectors(
  x: Csr,
  dims: number,
  oversample: number,
  powerIterations: number,
  seed: number,
): { projection: Float64Array; dims: number } {
  const l = Math.min(dims + oversample, x.rows, x.cols);
  if (l === 0) return { projection: new Float64Array(0), dims: 0 };
  const omega = new Float64Array(x.cols * l);
  fillRademacher(omega, seed);
  let y = csrTimesDense(x, omega, l); // rows × l
  for (let q = 0; q < powerIterations; q++) {
    orthonormalizeColumns(y, x.rows, l);
    y = csrTimesDense(x, csrTransposeTimesDense(x, y, l), l);
  }
  orthonormalizeColumns(y, x.rows, l); // Q, rows × l
  const w = csrTimesDense(x, csrTransposeTimesDense(x, y, l), l); // X Xᵀ Q, rows × l
  const g = new Matrix(l, l); // Qᵀ X Xᵀ Q
  for (let i = 0; i < l; i++) {
    for (let j = i; j < l; j++) {
      let sum = 0;
      for (let r = 0; r < x.rows; r++) sum += y[r * l + i]! * w[r * l + j]!;
      g.set(i, j, sum);
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) g.set(i, j, g.get(j, i)); // symmetrise
  const eig = new EigenvalueDecomposition(g, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const vectors = eig.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((i, j) => values[j]! - values[i]! || i - j);
  const top = Math.max(values[order[0]!]!, 0);
  const keep: number[] = [];
  for (const i of order) {
    if (keep.length >= dims || !(values[i]! > top * 1e-12) || values[i]! <= 0) break;
    keep.push(i);
  }
  const d = keep.length;
  if (d === 0) return { projection: new Float64Array(0), dims: 0 };
  // M = Q Ũ_d Σ_d⁻¹ (rows × d), then V_d = Xᵀ M (cols × d).
  const coef = new Float64Array(l * d);
  keep.forEach((e, k) => {
    const inv = 1 / Math.sqrt(values[e]!);
    for (let i = 0; i < l; i++) coef[i * d + k] = vectors.get(i, e) * inv;
  });
  const m = new Float64Array(x.rows * d);
  for (let r = 0; r < x.rows; r++) {
    for (let i = 0; i < l; i++) {
      const q = y[r * l + i]!;
      if (q === 0) continue;
      for (let k = 0; k < d; k++) m[r * d + k]! += q * coef[i * d + k]!;
    }
  }
  const proj = csrTransposeTimesDense(x, m, d);
  for (let k = 0; k < d; k++) {
    let best = 0;
    for (let f = 0; f < x.cols; f++) {
      const v = proj[f * d + k]!;
      if (Math.abs(v) > Math.abs(best)) best = v;
    }
    if (best < 0) for (let f = 0; f < x.cols; f++) proj[f * d + k] = -proj[f * d + k]!;
  }
  return { projection: proj, dims: d };
}

// ---------------------------------------------------------------------------------------------
// Base64 of float32 arrays

function floatsToBase64(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

function base64ToFloats(s: string, expected: number, what: string): Float32Array {
  const buf = Buffer.from(s, "base64");
  if (buf.byteLength !== expected * 4) {
    throw new Error(`${what}: expected ${expected} float32 values, got ${buf.byteLength} bytes`);
  }
  const out = new Float32Array(expected);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

/** Writes `v / |v|` into `out` (zeros for a zero vector) and returns `out`. */
function unit(v: Float64Array, out: Float32Array): Float32Array {
  let norm = 0;
  for (let k = 0; k < v.length; k++) norm += v[k]! * v[k]!;
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < v.length; k++) out[k] = v[k]! * inv;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The model

/** LSA over character n-grams as a LangChain `Embeddings`. Create with `fit` or `fromJSON`. */
export class LocalLsaEmbeddings extends Embeddings {
  /** e.g. "local-lsa-char12-d128" (the requested dims; `dims` holds the actual ones). */
  readonly name: string;
  /** Length of every vector. */
  readonly dims: number;
  readonly minN: number;
  readonly maxN: number;
  private readonly vocab: readonly string[];
  private readonly featureIndex: Map<FeatureKey, number>;
  private readonly idf: Float32Array;
  /** vocab.length × dims, row-major. */
  private readonly projection: Float32Array;
  /** Scratch accumulators for `embedSync` (single-threaded, so shared). */
  private readonly acc: Float64Array;

  private constructor(
    name: string,
    minN: number,
    maxN: number,
    dims: number,
    vocab: readonly string[],
    idf: Float32Array,
    projection: Float32Array,
  ) {
    super({});
    this.name = name;
    this.minN = minN;
    this.maxN = maxN;
    this.dims = dims;
    this.vocab = vocab;
    this.featureIndex = new Map(vocab.map((f, i) => [featureKeyOf(f), i]));
    this.idf = idf;
    this.projection = projection;
    this.acc = new Float64Array(dims);
  }

  /** Fit the model to `texts` (deterministic: the same texts and options give the same model). */
  static fit(texts: readonly string[], options: LsaOptions = {}): LocalLsaEmbeddings {
    return LocalLsaEmbeddings.fitModel(texts, options);
  }

  /**
   * Fit the model and embed the same texts in one go (their features are extracted once). The
   * vectors equal `embedSync(text)` up to float rounding.
   */
  static fitTransform(
    texts: readonly string[],
    options: LsaOptions = {},
    onEmbedded?: (done: number, total: number) => void,
  ): { model: LocalLsaEmbeddings; vectors: Float32Array[] } {
    const model = LocalLsaEmbeddings.fitModel(texts, options);
    // Second pass: each text's TF-IDF row (features in order of first occurrence, unit length)
    // times the projection — one row at a time, so no matrix of every text is ever held.
    const d = model.dims;
    const p = model.projection;
    const acc = new Float64Array(d);
    const local = new Map<number, number>();
    let ws = new Float64Array(256);
    let cs = new Int32Array(256);
    const vectors: Float32Array[] = [];
    for (const text of texts) {
      onEmbedded?.(vectors.length, texts.length);
      local.clear();
      forEachFeatureKey(text, model.minN, model.maxN, (f) => {
        const id = model.featureIndex.get(f);
        if (id !== undefined) local.set(id, (local.get(id) ?? 0) + 1);
      });
      if (local.size > ws.length) {
        ws = new Float64Array(local.size * 2);
        cs = new Int32Array(local.size * 2);
      }
      let len = 0;
      let norm = 0;
      for (const [c, n] of local) {
        const w = (1 + Math.log(n)) * model.idf[c]!;
        cs[len] = c;
        ws[len++] = w;
        norm += w * w;
      }
      if (norm > 0) {
        const inv = 1 / Math.sqrt(norm);
        for (let q = 0; q < len; q++) ws[q]! *= inv;
      }
      acc.fill(0);
      for (let q = 0; q < len; q++) {
        const w = ws[q]!;
        const o = cs[q]! * d;
        for (let k = 0; k < d; k++) acc[k]! += w * p[o + k]!;
      }
      vectors.push(unit(acc, new Float32Array(d)));
    }
    onEmbedded?.(vectors.length, texts.length);
    return { model, vectors };
  }

  /**
   * Fits the model in one streaming pass over the texts: document frequencies of every feature,
   * and the feature counts of only the rows the projection is fitted on (`maxFitTexts`, evenly
   * spaced), so memory grows with the vocabulary, not with the number of texts.
   */
  private static fitModel(texts: readonly string[], options: LsaOptions): LocalLsaEmbeddings {
    const dims = options.dims ?? 128;
    const minN = options.minN ?? 1;
    const maxN = options.maxN ?? 2;
    const minDf = options.minDf ?? (texts.length < 10 ? 1 : 2);
    const maxFeatures = options.maxFeatures ?? 30_000;
    const maxFit = options.maxFitTexts ?? 2000;
    if (!(Number.isInteger(dims) && dims >= 1))
      throw new RangeError(`dims must be an integer ≥ 1, got ${dims}`);
    if (!(Number.isInteger(minN) && minN >= 1 && Number.isInteger(maxN) && maxN >= minN)) {
      throw new RangeError(`n-gram range must satisfy 1 ≤ minN ≤ maxN, got ${minN}..${maxN}`);
    }
    const n = texts.length;
    // The rows the projection is fitted on: floor(i · n / maxFit), or all of them.
    const sampled = n <= maxFit || maxFit < 1 ? null : new Set<number>();
    if (sampled) for (let i = 0; i < maxFit; i++) sampled.add(Math.floor((i * n) / maxFit));

    // 1. Count features per text (global ids by first occurrence), keep document frequencies.
    const ids = new Map<FeatureKey, number>();
    const keys: FeatureKey[] = [];
    let df = new Int32Array(1024);
    /** Per fitted row: [global id, count, global id, count, …] in order of first occurrence. */
    const fitRows: Int32Array[] = [];
    const local = new Map<number, number>();
    texts.forEach((text, r) => {
      local.clear();
      forEachFeatureKey(text, minN, maxN, (f) => {
        let id = ids.get(f);
        if (id === undefined) {
          id = keys.length;
          ids.set(f, id);
          keys.push(f);
          if (id >= df.length) {
            const grown = new Int32Array(df.length * 2);
            grown.set(df);
            df = grown;
          }
        }
        local.set(id, (local.get(id) ?? 0) + 1);
      });
      const keep = sampled === null || sampled.has(r);
      const row = keep ? new Int32Array(local.size * 2) : null;
      let k = 0;
      for (const [id, c] of local) {
        df[id]!++;
        if (row) {
          row[k++] = id;
          row[k++] = c;
        }
      }
      if (row) fitRows.push(row);
    });
    ids.clear();
    const names = keys.map(featureText);

    // 2. Choose the vocabulary: df ≥ minDf, the maxFeatures most frequent (ties by feature text).
    let kept = names.map((_, i) => i).filter((i) => df[i]! >= minDf);
    if (kept.length > maxFeatures) {
      kept.sort((a, b) => df[b]! - df[a]! || (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
      kept = kept.slice(0, maxFeatures);
    }
    kept.sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
    const remap = new Int32Array(names.length).fill(-1);
    kept.forEach((old, i) => {
      remap[old] = i;
    });
    const vocab = kept.map((i) => names[i]!);
    const idf = Float32Array.from(kept, (i) => Math.log((1 + n) / (1 + df[i]!)) + 1);

    // 3. TF-IDF rows of the fitted texts, unit length, in CSR.
    const xPtr = new Int32Array(fitRows.length + 1);
    const xCol: number[] = [];
    const xVal: number[] = [];
    fitRows.forEach((row, r) => {
      const start = xCol.length;
      let norm = 0;
      for (let p = 0; p < row.length; p += 2) {
        const c = remap[row[p]!]!;
        if (c < 0) continue;
        const w = (1 + Math.log(row[p + 1]!)) * idf[c]!;
        xCol.push(c);
        xVal.push(w);
        norm += w * w;
      }
      if (norm > 0) {
        const inv = 1 / Math.sqrt(norm);
        for (let p = start; p < xVal.length; p++) xVal[p]! *= inv;
      }
      xPtr[r + 1] = xCol.length;
    });
    const x: Csr = {
      rows: fitRows.length,
      cols: vocab.length,
      rowPtr: xPtr,
      colIdx: Int32Array.from(xCol),
      values: Float64Array.from(xVal),
    };

    // 4. Randomized SVD → projection.
    const svd = randomizedRightSingularVectors(
      x,
      dims,
      options.oversample ?? 10,
      options.powerIterations ?? 1,
      options.seed ?? 42,
    );
    let d = svd.dims;
    let projection = Float32Array.from(svd.projection);
    if (d === 0) {
      // No usable features: one dimension of zeros (every text embeds to the zero vector).
      d = 1;
      projection = new Float32Array(vocab.length);
    }
    return new LocalLsaEmbeddings(localLsaName({ dims, minN, maxN }), minN, maxN, d, vocab, idf, projection);
  }

  /** Number of features in the vocabulary. */
  get vocabularySize(): number {
    return this.vocab.length;
  }

  /**
   * The unit-length embedding of `text` (all zeros when the text has no known feature). Writes
   * into `out` when given.
   */
  embedSync(text: string, out: Float32Array = new Float32Array(this.dims)): Float32Array {
    const d = this.dims;
    const acc = this.acc;
    acc.fill(0);
    const tf = new Map<number, number>();
    forEachFeatureKey(text, this.minN, this.maxN, (f) => {
      const id = this.featureIndex.get(f);
      if (id !== undefined) tf.set(id, (tf.get(id) ?? 0) + 1);
    });
    for (const [id, n] of tf) {
      const w = (1 + Math.log(n)) * this.idf[id]!;
      const o = id * d;
      for (let k = 0; k < d; k++) acc[k]! += w * this.projection[o + k]!;
    }
    return unit(acc, out);
  }

  /** LangChain: one unit-length vector per document. */
  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((t) => Array.from(this.embedSync(t)));
  }

  /** LangChain: the unit-length vector of a query. */
  async embedQuery(document: string): Promise<number[]> {
    return Array.from(this.embedSync(document));
  }

  /** The fitted model as JSON (float arrays as base64 float32). */
  toJSON(): LocalLsaJSON {
    return {
      format: "local-lsa",
      version: 1,
      name: this.name,
      minN: this.minN,
      maxN: this.maxN,
      dims: this.dims,
      vocab: [...this.vocab],
      idf: floatsToBase64(this.idf),
      projection: floatsToBase64(this.projection),
    };
  }

  /** Restore a model from `toJSON()`'s output; throws on another format, version or bad sizes. */
  static fromJSON(json: LocalLsaJSON): LocalLsaEmbeddings {
    if (json?.format !== "local-lsa" || json.version !== 1) {
      throw new Error(
        `Not a local-lsa model of version 1 (format ${String(json?.format)}, version ${String(json?.version)})`,
      );
    }
    const v = json.vocab.length;
    const idf = base64ToFloats(json.idf, v, "local-lsa idf");
    const projection = base64ToFloats(json.projection, v * json.dims, "local-lsa projection");
    return new LocalLsaEmbeddings(json.name, json.minN, json.maxN, json.dims, json.vocab, idf, projection);
  }
}
