import type { Direction } from '../activity.ts';
import type { Rule, RuleContext } from '../types.ts';
import { windowBefore } from './window.ts';

/** Distinct counterparties of one direction in the fan window, this transaction included. */
export function distinctCounterparties(ctx: RuleContext, direction: Direction): Set<string> {
  const keys = new Set<string>();
  for (const e of windowBefore(ctx, ctx.config.fan.windowMs))
    if (e.direction === direction && e.counterpartyKey) keys.add(e.counterpartyKey);
  if (ctx.tx.direction === direction && ctx.tx.counterpartyKey) keys.add(ctx.tx.counterpartyKey);
  return keys;
}

function fanRule(direction: Direction, code: 'aml.fan_in' | 'aml.fan_out'): Rule {
  return (ctx) => {
    if (ctx.tx.direction !== direction) return [];
    const { minCounterparties, windowMs } = ctx.config.fan;
    const distinct = distinctCounterparties(ctx, direction).size;
    if (distinct < minCounterparties) return [];
    return [
      {
        code,
        score: ctx.config.weights[code],
        message: `${distinct} distinct ${direction === 'inbound' ? 'senders' : 'recipients'} within ${Math.round(windowMs / 3_600_000)} h`,
        details: { distinctCounterparties: distinct, threshold: minCounterparties, windowHours: windowMs / 3_600_000 },
      },
    ];
  };
}

/** aml.fan_in: funds from RISK_FAN_MIN_COUNTERPARTIES (5) or more distinct senders within RISK_FAN_WINDOW (24 h) — collection / money mule pattern. */
export const fanIn = fanRule('inbound', 'aml.fan_in');
/** aml.fan_out: funds to 5 or more distinct recipients within 24 h — dispersal / layering pattern. */
export const fanOut = fanRule('outbound', 'aml.fan_out');
