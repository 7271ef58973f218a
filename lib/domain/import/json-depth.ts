// How deep a JSON text nests, found by one scan of its characters: no parse, no recursion.
// JSON.parse itself copes with deep nesting, but everything after it that walks the value
// (our checks, JSON.stringify, PostgreSQL's jsonb) recurses and overflows the stack on a line
// nested some thousands deep, which would abort a whole import instead of refusing one line.

export const MAX_JSON_DEPTH = 64;

/** True when arrays and objects nest deeper than `limit` (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i += 1;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth -= 1;
  }
  return false;
}

export const tooDeepReason = (limit = MAX_JSON_DEPTH) => `nested deeper than ${limit} levels (arrays and objects)`;
