// Vitest 5 declares Node >= 22.12; on Node 20 its forks and threads pools run, but its reporters
// print failures with Map.groupBy (Node 21+). Preloaded (NODE_OPTIONS=--require) only into the
// Vitest 5 runs of our end-to-end tests: it stands in for the newer Node, not for reaper.
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = function groupBy(items, keyOf) {
    const map = new Map();
    let index = 0;
    for (const item of items) {
      const key = keyOf(item, index++);
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
    return map;
  };
}
if (typeof Object.groupBy !== 'function') {
  Object.groupBy = function groupBy(items, keyOf) {
    const out = Object.create(null);
    let index = 0;
    for (const item of items) {
      const key = keyOf(item, index++);
      if (out[key]) out[key].push(item);
      else out[key] = [item];
    }
    return out;
  };
}
