// Is the floor answering the same thing as the API? Same bytes, or the same JSON (PostgreSQL's
// json output puts spaces after `:` and `,`), else the first difference. Key order is not part
// of a JSON contract: a different order still counts as the same body, but is reported.

export type Comparison =
  { same: true; how: 'bytes' | 'json' | 'json, other key order'; note?: string } | { same: false; difference: string };

function firstDifference(a: unknown, b: unknown, path: string, orderedKeys: boolean): string | null {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      if (i >= a.length || i >= b.length) return `${path}: ${a.length} items in the API, ${b.length} in the floor`;
      const found = firstDifference(a[i], b[i], `${path}[${i}]`, orderedKeys);
      if (found) return found;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    const sameKeys = orderedKeys ? keysA.join() === keysB.join() : [...keysA].sort().join() === [...keysB].sort().join();
    if (!sameKeys) return `${path}: keys [${keysA.join(', ')}] in the API, [${keysB.join(', ')}] in the floor`;
    for (const key of keysA) {
      const found = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
        orderedKeys,
      );
      if (found) return found;
    }
    return null;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? null : `${path}: ${JSON.stringify(a)} in the API, ${JSON.stringify(b)} in the floor`;
}

export function compareBodies(api: string, floor: string): Comparison {
  if (api === floor) return { same: true, how: 'bytes' };
  let parsedApi: unknown;
  let parsedFloor: unknown;
  try {
    parsedApi = JSON.parse(api);
    parsedFloor = JSON.parse(floor);
  } catch {
    return { same: false, difference: 'a body is not JSON' };
  }
  const difference = firstDifference(parsedApi, parsedFloor, 'body', false);
  if (difference) return { same: false, difference };
  const orderNote = firstDifference(parsedApi, parsedFloor, 'body', true);
  return orderNote ? { same: true, how: 'json, other key order', note: orderNote } : { same: true, how: 'json' };
}
