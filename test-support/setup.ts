import { afterAll, afterEach } from 'vitest';
import { killMarked } from './processes.js';

// The safety net: whatever a test started and did not end is ended here, by PID.
afterEach(() => {
  killMarked();
});
afterAll(() => {
  killMarked();
});
