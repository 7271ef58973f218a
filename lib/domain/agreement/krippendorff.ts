// Krippendorff's alpha for nominal, ordinal, interval and ratio data with missing values,
// by the coincidence-matrix method of Krippendorff, "Computing Krippendorff's
// Alpha-Reliability" (2011): alpha = 1 - D_o / D_e.

export const LEVELS = ["nominal", "ordinal", "interval", "ratio"] as const;
export type Level = (typeof LEVELS)[number];
export type Value = string | number;

export interface Rating {
  unit: string;
  coder: string;
  value: Value;
}

export interface AlphaResult {
  /** null when undefined: fewer than two pairable values, or no variation at all (D_e = 0). */
  alpha: number | null;
  level: Level;
  units: number;
  /** Units with at least two values: the only ones that count. */
  pairableUnits: number;
  coders: number;
  /** n: pairable values. */
  pairableValues: number;
  observedDisagreement: number | null;
  expectedDisagreement: number | null;
}

export function krippendorffAlpha(ratings: Rating[], level: Level): AlphaResult {
  const byUnit = new Map<string, { values: Value[]; coders: string[] }>();
  const seen = new Set<string>();
  for (const r of ratings) {
    if (r.value === null || r.value === undefined || r.value === "") continue;
    const key = JSON.stringify([r.unit, r.coder]);
    if (seen.has(key)) throw new Error(`coder ${r.coder} rated unit ${r.unit} twice`);
    seen.add(key);
    const unit = byUnit.get(r.unit) ?? { values: [], coders: [] };
    unit.values.push(r.value);
    unit.coders.push(r.coder);
    byUnit.set(r.unit, unit);
  }
  const alpha = new AlphaAccumulator(level);
  for (const [name, unit] of byUnit) alpha.addUnit(unit.values, unit.coders, name);
  return alpha.result();
}

/**
 * Stored coincidences: `cells[a][b]` is the weight of the pair of values (a, b) (the
 * coincidence matrix, empty cells left out), plus unit counts. Values are keyed by their
 * text and read back as numbers unless the level is nominal, so a state does not tell 6
 * from "6" (the app's nominal values are all strings).
 */
export interface AlphaState {
  units: number;
  pairableUnits: number;
  cells: Record<string, Record<string, number>>;
}

/**
 * Krippendorff's alpha built one unit at a time: only the coincidence matrix is kept (one
 * cell per pair of values seen), so millions of units take no more memory than a few.
 */
export class AlphaAccumulator {
  private readonly valueOf = new Map<string, Value>();
  private readonly coincidence = new Map<string, Map<string, number>>();
  private readonly coders = new Set<string>();
  private units = 0;
  private pairableUnits = 0;

  constructor(readonly level: Level) {}

  /** One unit's values, one per coder (missing values already left out). */
  addUnit(values: Value[], coders: string[], unit = "") {
    const level = this.level;
    this.units += 1;
    for (const coder of coders) this.coders.add(coder);
    if (level !== "nominal") {
      for (const v of values)
        if (typeof v !== "number")
          throw new Error(`${level} data needs numbers; got ${JSON.stringify(v)} for unit ${unit}`);
    }
    const m = values.length;
    if (m < 2) return;
    this.pairableUnits += 1;
    // Values are compared by identity for nominal data and numerically otherwise.
    const keys = values.map((v) => (level === "nominal" ? JSON.stringify(v) : String(Number(v))));
    for (let i = 0; i < m; i += 1) {
      const a = keys[i]!;
      this.valueOf.set(a, values[i]!);
      let row = this.coincidence.get(a);
      if (!row) {
        row = new Map<string, number>();
        this.coincidence.set(a, row);
      }
      for (let j = 0; j < m; j += 1) {
        if (i === j) continue;
        row.set(keys[j]!, (row.get(keys[j]!) ?? 0) + 1 / (m - 1));
      }
    }
  }

  /** The state to store (one item's contribution, say), to be merged with others later. */
  toState(): AlphaState {
    const cells: AlphaState["cells"] = {};
    for (const [a, row] of this.coincidence) {
      const stored: Record<string, number> = {};
      for (const [b, weight] of row) stored[String(this.valueOf.get(b)!)] = weight;
      cells[String(this.valueOf.get(a)!)] = stored;
    }
    return { units: this.units, pairableUnits: this.pairableUnits, cells };
  }

  /** Adds a stored state (coders are counted by the caller: see `setCoders`). */
  merge(state: AlphaState) {
    const level = this.level;
    this.units += state.units;
    this.pairableUnits += state.pairableUnits;
    const parse = (text: string): Value => (level === "nominal" ? text : Number(text));
    for (const [ta, stored] of Object.entries(state.cells)) {
      const va = parse(ta);
      const a = level === "nominal" ? JSON.stringify(va) : String(va);
      this.valueOf.set(a, va);
      let row = this.coincidence.get(a);
      if (!row) {
        row = new Map<string, number>();
        this.coincidence.set(a, row);
      }
      for (const [tb, weight] of Object.entries(stored)) {
        const vb = parse(tb);
        const b = level === "nominal" ? JSON.stringify(vb) : String(vb);
        this.valueOf.set(b, vb);
        row.set(b, (row.get(b) ?? 0) + weight);
      }
    }
  }

  /** Coders known from elsewhere (merged states do not carry them). */
  setCoders(coders: Iterable<string>) {
    for (const coder of coders) this.coders.add(coder);
  }

  result(): AlphaResult {
    const { level, valueOf, coincidence } = this;
    const categories = [...valueOf.keys()];
    if (level !== "nominal") categories.sort((x, y) => Number(valueOf.get(x)) - Number(valueOf.get(y)));
    const marginal = new Map(
      categories.map((c) => [c, [...(coincidence.get(c)?.values() ?? [])].reduce((s, v) => s + v, 0)]),
    );
    const n = [...marginal.values()].reduce((s, v) => s + v, 0);
    const base = {
      level,
      units: this.units,
      pairableUnits: this.pairableUnits,
      coders: this.coders.size,
      pairableValues: Math.round(n),
    };
    if (n < 2) return { ...base, alpha: null, observedDisagreement: null, expectedDisagreement: null };

    const position = new Map(categories.map((c, i) => [c, i]));
    const delta = (c: string, k: string): number => {
      if (c === k) return 0;
      switch (level) {
        case "nominal":
          return 1;
        case "interval":
          return (Number(valueOf.get(c)) - Number(valueOf.get(k))) ** 2;
        case "ratio": {
          const a = Number(valueOf.get(c));
          const b = Number(valueOf.get(k));
          return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
        }
        case "ordinal": {
          const [lo, hi] = [position.get(c)!, position.get(k)!].sort((x, y) => x - y);
          let sum = 0;
          for (let g = lo!; g <= hi!; g += 1) sum += marginal.get(categories[g]!)!;
          return (sum - (marginal.get(c)! + marginal.get(k)!) / 2) ** 2;
        }
      }
    };

    let observed = 0;
    let expected = 0;
    for (const c of categories) {
      for (const k of categories) {
        const d = delta(c, k);
        if (d === 0) continue;
        observed += (coincidence.get(c)?.get(k) ?? 0) * d;
        expected += marginal.get(c)! * marginal.get(k)! * d;
      }
    }
    const observedDisagreement = observed / n;
    const expectedDisagreement = expected / (n * (n - 1));
    return {
      ...base,
      alpha: expectedDisagreement === 0 ? null : 1 - observedDisagreement / expectedDisagreement,
      observedDisagreement,
      expectedDisagreement,
    };
  }
}
