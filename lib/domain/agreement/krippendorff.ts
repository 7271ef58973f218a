// Krippendorff's alpha for nominal, ordinal, interval and ratio data with missing values,
// by the coincidence-matrix method of Krippendorff, "Computing Krippendorff's
// Alpha-Reliability" (2011): alpha = 1 - D_o / D_e.

export type Level = "nominal" | "ordinal" | "interval" | "ratio";
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
  const byUnit = new Map<string, Value[]>();
  const coders = new Set<string>();
  const seen = new Set<string>();
  for (const r of ratings) {
    if (r.value === null || r.value === undefined || r.value === "") continue;
    if (level !== "nominal" && typeof r.value !== "number") {
      throw new Error(`${level} data needs numbers; got ${JSON.stringify(r.value)} for unit ${r.unit}`);
    }
    const key = JSON.stringify([r.unit, r.coder]);
    if (seen.has(key)) throw new Error(`coder ${r.coder} rated unit ${r.unit} twice`);
    seen.add(key);
    coders.add(r.coder);
    const list = byUnit.get(r.unit) ?? [];
    list.push(r.value);
    byUnit.set(r.unit, list);
  }

  // Values are compared by identity for nominal data and numerically otherwise.
  const keyOf = (v: Value) => (level === "nominal" ? JSON.stringify(v) : String(Number(v)));
  const valueOf = new Map<string, Value>();
  const coincidence = new Map<string, Map<string, number>>();
  let pairableUnits = 0;
  for (const values of byUnit.values()) {
    const m = values.length;
    if (m < 2) continue;
    pairableUnits += 1;
    for (let i = 0; i < m; i += 1) {
      for (let j = 0; j < m; j += 1) {
        if (i === j) continue;
        const a = keyOf(values[i]!);
        const b = keyOf(values[j]!);
        valueOf.set(a, values[i]!);
        valueOf.set(b, values[j]!);
        const row = coincidence.get(a) ?? new Map<string, number>();
        row.set(b, (row.get(b) ?? 0) + 1 / (m - 1));
        coincidence.set(a, row);
      }
    }
  }

  const categories = [...valueOf.keys()];
  if (level !== "nominal") categories.sort((x, y) => Number(valueOf.get(x)) - Number(valueOf.get(y)));
  const marginal = new Map(
    categories.map((c) => [c, [...(coincidence.get(c)?.values() ?? [])].reduce((s, v) => s + v, 0)]),
  );
  const n = [...marginal.values()].reduce((s, v) => s + v, 0);
  const base = { level, units: byUnit.size, pairableUnits, coders: coders.size, pairableValues: Math.round(n) };
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
