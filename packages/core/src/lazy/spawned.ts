// The kit's part for a scope in which something spawned: the spawn's record (its site, its cookie,
// its start time), the process table, ownership, the ladder, ports, the verdict. A test file whose
// tests spawn nothing never loads it: the build makes it a file of its own
// (`dist/adapter-spawned.cjs`), which `parts.ts` loads on first use.
export { afterSpawn, beforeSpawn } from '../hook/record.js';
export { judge } from '../report/verdict.js';
export { closeScope } from '../scope/close.js';
export { declarationOf } from '../scope/declared.js';
export { guardInterrupts } from '../scope/interrupt.js';
export { findOwned } from '../scope/ownership.js';
export { getProcessTable } from '../table/index.js';
export { parseStat } from '../table/linux.js';
export { becomeSubreaper, reapAdoptedZombies } from '../terminate/adopted.js';
export { signalIfSame } from '../terminate/signal.js';
