import { describe, expect, it } from 'vitest';
import { getProcessTable } from '../../src/index.js';
import { bootTimeMs, linuxStartTimeToEpochMs } from '../../src/table/clock.js';
import { listeningPorts, portsInState } from '../../src/table/ports.js';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2222 1 0000000000000000 100 0 0 10 0
   2: 0100007F:C350 0100007F:0BB8 01 00000000:00000000 00:00000000 00000000     0        0 1111 1 0000000000000000 20 4 30 10 -1
`;

describe('portsInState', () => {
  it("takes the local ports of the process's sockets in that state, and no one else's", () => {
    expect(portsInState(TCP, '0A', new Set(['1111']))).toEqual([3000]);
    expect(portsInState(TCP, '0A', new Set(['1111', '2222']))).toEqual([3000, 8080]);
    expect(portsInState(TCP, '01', new Set(['1111']))).toEqual([50000]);
    expect(portsInState('', '0A', new Set(['1111']))).toEqual([]);
  });
});

describe('listeningPorts', () => {
  it('is empty for a process that is gone or has no sockets', () => {
    expect(listeningPorts(2 ** 22 + 1)).toEqual([]);
    expect(listeningPorts(process.pid, '/nonexistent')).toEqual([]);
  });
});

describe('clock', () => {
  it("turns this process's start time into epoch ms, near what Node says", () => {
    const startTime = getProcessTable().stat(process.pid)!.startTime;
    const started = Date.now() - process.uptime() * 1000;
    expect(bootTimeMs()).toBeGreaterThan(0);
    // Ticks are 10 ms and Node's uptime starts a little after the kernel's start time.
    expect(Math.abs(linuxStartTimeToEpochMs(startTime) - started)).toBeLessThan(1000);
  });

  it('is 0 (unknown) where the boot time cannot be read', () => {
    expect(linuxStartTimeToEpochMs(100, '/nonexistent')).toBe(0);
  });
});
