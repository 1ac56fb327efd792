import { describe, expect, it } from 'vitest';
import { Pacer } from '../../../src/monitoring/pacer.ts';

describe('Pacer: the full re-screen gives way to requests', () => {
  const config = { maxRate: 2_000, minRate: 200, lagMs: 20 };

  it('starts at the ceiling and stays there while the event loop is calm', () => {
    const p = new Pacer(config);
    expect(p.rate).toBe(2_000);
    for (let i = 0; i < 10; i++) p.observe({ lagMs: 3 });
    expect(p.rate).toBe(2_000);
  });

  it('halves while requests wait, down to the floor and never below it', () => {
    const p = new Pacer(config);
    expect(p.observe({ lagMs: 50 })).toBe(1_000);
    expect(p.observe({ lagMs: 50 })).toBe(500);
    expect(p.observe({ lagMs: 50 })).toBe(250);
    expect(p.observe({ lagMs: 50 })).toBe(200);
    expect(p.observe({ lagMs: 500 })).toBe(200);
  });

  it('holds between half the target and the target, and climbs back by a twentieth of the ceiling when calm', () => {
    const p = new Pacer(config);
    p.observe({ lagMs: 50 });
    expect(p.observe({ lagMs: 15 })).toBe(1_000);
    expect(p.observe({ lagMs: 5 })).toBe(1_100);
    for (let i = 0; i < 50; i++) p.observe({ lagMs: 0 });
    expect(p.rate).toBe(2_000);
  });

  it('SCREENING_MAX_RATE=0 means no bound and no pacing', () => {
    const p = new Pacer({ ...config, maxRate: 0 });
    expect(p.rate).toBe(Number.POSITIVE_INFINITY);
    expect(p.observe({ lagMs: 1_000 })).toBe(Number.POSITIVE_INFINITY);
  });

  it('a floor above the ceiling is the ceiling', () => {
    const p = new Pacer({ maxRate: 100, minRate: 500, lagMs: 20 });
    expect(p.observe({ lagMs: 1_000 })).toBe(100);
  });

  it('backs off when transactions slow down beyond 1.5x their p99 before the run, even with a calm event loop', () => {
    const p = new Pacer(config);
    const screening = (p99Ms: number) => ({ lagMs: 2, screening: { p99Ms, baselineMs: 100 } });
    expect(p.observe(screening(140))).toBe(2_000);
    expect(p.observe(screening(160))).toBe(1_000);
    expect(p.observe(screening(130))).toBe(1_000);
    expect(p.observe(screening(110))).toBe(1_100);
  });

  it("backs off once per screening window, and its verdict holds the pace until the next window's", () => {
    const p = new Pacer(config);
    expect(p.observe({ lagMs: 2, screening: { p99Ms: 200, baselineMs: 100 } })).toBe(1_000);
    // Chunks inside the next window: no second halving on the same window, and no climbing back either.
    expect(p.observe({ lagMs: 2 })).toBe(1_000);
    expect(p.observe({ lagMs: 2 })).toBe(1_000);
    // A calm window (or one without enough traffic to judge) lets the pace climb again.
    expect(p.observe({ lagMs: 2, screening: { p99Ms: 100, baselineMs: 100 } })).toBe(1_100);
    expect(p.observe({ lagMs: 2 })).toBe(1_200);
    p.observe({ lagMs: 2, screening: { p99Ms: 200, baselineMs: 100 } });
    expect(p.observe({ lagMs: 2, screening: null })).toBe(700);
  });

  it('a baseline below the lag bound leaves the bound to decide', () => {
    const p = new Pacer(config);
    expect(p.observe({ lagMs: 2, screening: { p99Ms: 15, baselineMs: 1 } })).toBe(2_000);
    expect(p.observe({ lagMs: 2, screening: { p99Ms: 25, baselineMs: 1 } })).toBe(1_000);
  });
});
