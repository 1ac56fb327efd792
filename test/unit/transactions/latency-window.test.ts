import { describe, expect, it } from 'vitest';
import { LatencyWindow } from '../../../src/transactions/latency-window.ts';

describe('LatencyWindow', () => {
  it('gives the p99 of the screenings since the last take, then starts a new window', () => {
    const w = new LatencyWindow();
    for (let i = 1; i <= 100; i++) w.record(i);
    expect(w.take()).toEqual({ count: 100, p99Ms: 99 });
    expect(w.take()).toEqual({ count: 0, p99Ms: 0 });
    w.record(7);
    expect(w.take()).toEqual({ count: 1, p99Ms: 7 });
  });

  it('keeps only the latest 4,096 of a long window', () => {
    const w = new LatencyWindow();
    for (let i = 0; i < 10_000; i++) w.record(i < 5_000 ? 1_000 : 1);
    expect(w.take()).toEqual({ count: 10_000, p99Ms: 1 });
  });
});
