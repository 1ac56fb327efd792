import { describe, expect, it } from 'vitest';
import { Pacer } from '../../../src/monitoring/pacer.ts';

describe('Pacer: the full re-screen gives way to requests', () => {
  const config = { maxRate: 2_000, minRate: 200, lagMs: 20 };

  it('starts at the ceiling and stays there while the event loop is calm', () => {
    const p = new Pacer(config);
    expect(p.rate).toBe(2_000);
    for (let i = 0; i < 10; i++) p.observe(3);
    expect(p.rate).toBe(2_000);
  });

  it('halves while requests wait, down to the floor and never below it', () => {
    const p = new Pacer(config);
    expect(p.observe(50)).toBe(1_000);
    expect(p.observe(50)).toBe(500);
    expect(p.observe(50)).toBe(250);
    expect(p.observe(50)).toBe(200);
    expect(p.observe(500)).toBe(200);
  });

  it('holds between half the target and the target, and climbs back by a twentieth of the ceiling when calm', () => {
    const p = new Pacer(config);
    p.observe(50);
    expect(p.observe(15)).toBe(1_000);
    expect(p.observe(5)).toBe(1_100);
    for (let i = 0; i < 50; i++) p.observe(0);
    expect(p.rate).toBe(2_000);
  });

  it('SCREENING_MAX_RATE=0 means no bound and no pacing', () => {
    const p = new Pacer({ ...config, maxRate: 0 });
    expect(p.rate).toBe(Number.POSITIVE_INFINITY);
    expect(p.observe(1_000)).toBe(Number.POSITIVE_INFINITY);
  });

  it('a floor above the ceiling is the ceiling', () => {
    const p = new Pacer({ maxRate: 100, minRate: 500, lagMs: 20 });
    expect(p.observe(1_000)).toBe(100);
  });
});
