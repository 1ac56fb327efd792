/**
 * Digital-currency addresses on the lists (OFAC "Digital Currency Address - XBT …"): exact,
 * chain-aware lookup. Never fuzzy — a one-character difference is another wallet.
 *
 * Case: EVM addresses (0x + 40 hex) are case-insensitive (the mixed case is only an EIP-55
 * checksum); bech32 / CashAddr addresses (bc1…, ltc1…, bitcoincash:q…) are all-lowercase or
 * all-uppercase by spec, so they are folded too; base58 (1…, 3…, T…, L…, X…) and everything else is
 * case-sensitive and compared exactly.
 * Chains: the list's currency code gives the chain (XBT → bitcoin); tokens issued on several
 * chains (USDT, USDC) take it from the address shape. EVM chains share addresses (one key controls
 * the address on Ethereum, Arbitrum, BSC…), so any EVM chain matches any EVM listing.
 */
import type { Entity, SourceId } from './entity.ts';

export interface WalletHit {
  source: SourceId;
  sourceId: string;
  /** The entity's primary name. */
  name: string;
  /** The list's currency code (XBT, ETH, USDT…). */
  currency: string;
  /** The address as listed. */
  address: string;
  /** Normalised chain name (bitcoin, ethereum, tron…). */
  chain: string;
  programs: string[];
}

const EVM_CHAINS = new Set([
  'ethereum',
  'ethereum-classic',
  'arbitrum',
  'bsc',
  'polygon',
  'optimism',
  'base',
  'avalanche',
]);

/** List currency codes → chain. Multi-chain tokens are absent on purpose: their address decides. */
const CURRENCY_CHAIN: Readonly<Record<string, string>> = {
  XBT: 'bitcoin',
  BTC: 'bitcoin',
  ETH: 'ethereum',
  ETC: 'ethereum-classic',
  LTC: 'litecoin',
  XMR: 'monero',
  ZEC: 'zcash',
  DASH: 'dash',
  BTG: 'bitcoin-gold',
  BSV: 'bitcoin-sv',
  BCH: 'bitcoin-cash',
  XVG: 'verge',
  XRP: 'ripple',
  TRX: 'tron',
  ARB: 'arbitrum',
  BSC: 'bsc',
  BNB: 'bsc',
  MATIC: 'polygon',
  SOL: 'solana',
  DOGE: 'dogecoin',
  ADA: 'cardano',
  DOT: 'polkadot',
  XLM: 'stellar',
  AVAX: 'avalanche',
  OP: 'optimism',
};

/** What a caller may write for a chain: names, currency codes, token standards. */
const CHAIN_ALIASES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(CURRENCY_CHAIN).map(([k, v]) => [k.toLowerCase(), v])),
  bitcoin: 'bitcoin',
  ethereum: 'ethereum',
  erc20: 'ethereum',
  'ethereum-classic': 'ethereum-classic',
  litecoin: 'litecoin',
  monero: 'monero',
  zcash: 'zcash',
  dash: 'dash',
  tron: 'tron',
  trc20: 'tron',
  ripple: 'ripple',
  arbitrum: 'arbitrum',
  bep20: 'bsc',
  'binance-smart-chain': 'bsc',
  bsc: 'bsc',
  polygon: 'polygon',
  solana: 'solana',
  spl: 'solana',
  dogecoin: 'dogecoin',
  'bitcoin-cash': 'bitcoin-cash',
  bitcoincash: 'bitcoin-cash',
  verge: 'verge',
  optimism: 'optimism',
  base: 'base',
  avalanche: 'avalanche',
  cardano: 'cardano',
  stellar: 'stellar',
  'bitcoin-sv': 'bitcoin-sv',
  'bitcoin-gold': 'bitcoin-gold',
};

const B58 = '[1-9A-HJ-NP-Za-km-z]';
const RE_EVM = /^0x[0-9a-fA-F]{40}$/;
const RE_BECH32 = /^(?:bc|tb|ltc|bcrt)1[02-9ac-hj-np-z]{6,87}$/i;
const RE_CASHADDR = /^(?:bitcoincash:)?[qp][02-9ac-hj-np-z]{41}$/i;
const SHAPES: readonly [RegExp, string][] = [
  [RE_EVM, 'ethereum'],
  [/^(?:bc|tb|bcrt)1/i, 'bitcoin'],
  [/^ltc1/i, 'litecoin'],
  [RE_CASHADDR, 'bitcoin-cash'],
  [new RegExp(`^[13]${B58}{25,34}$`), 'bitcoin'],
  [new RegExp(`^[LM]${B58}{26,33}$`), 'litecoin'],
  [new RegExp(`^T${B58}{33}$`), 'tron'],
  [new RegExp(`^r${B58}{24,34}$`), 'ripple'],
  [new RegExp(`^X${B58}{33}$`), 'dash'],
  [new RegExp(`^t1${B58}{33}$`), 'zcash'],
  [new RegExp(`^[48]${B58}{94}$`), 'monero'],
  [new RegExp(`^D${B58}{33}$`), 'dogecoin'],
  [new RegExp(`^${B58}{32,44}$`), 'solana'],
];

/** The chain an address's shape points to, when it is unambiguous enough. */
export function inferChain(address: string): string | undefined {
  const a = address.trim();
  for (const [re, chain] of SHAPES) if (re.test(a)) return chain;
  return undefined;
}

/** Canonical form for comparison: trimmed; case folded only where the format is case-insensitive. */
export function normalizeAddress(address: string): string {
  const a = address.trim();
  if (RE_EVM.test(a)) return a.toLowerCase();
  if (RE_BECH32.test(a)) return a.toLowerCase();
  if (RE_CASHADDR.test(a)) return a.toLowerCase().replace(/^bitcoincash:/, '');
  return a;
}

/** A caller's chain ("ETH", "ethereum", "USDT-ERC20", "trc20"…) → chain name; undefined if unknown. */
export function normalizeChain(chain: string | undefined): string | undefined {
  if (!chain) return undefined;
  const c = chain.trim().toLowerCase();
  if (CHAIN_ALIASES[c]) return CHAIN_ALIASES[c];
  // Token on a chain: "USDT-ERC20", "usdc_trc20", "USDT (TRC20)".
  for (const part of c.split(/[\s\-_/()]+/))
    if (part && CHAIN_ALIASES[part] && !['usdt', 'usdc'].includes(part)) return CHAIN_ALIASES[part];
  return undefined;
}

function chainOfListing(currency: string, address: string): string {
  return CURRENCY_CHAIN[currency.toUpperCase()] ?? inferChain(address) ?? currency.toLowerCase();
}

function compatible(query: string, listed: string): boolean {
  return query === listed || (EVM_CHAINS.has(query) && EVM_CHAINS.has(listed));
}

export class WalletIndex {
  private readonly byAddress: Map<string, WalletHit[]>;
  private readonly count: number;

  private constructor(byAddress: Map<string, WalletHit[]>, count: number) {
    this.byAddress = byAddress;
    this.count = count;
  }

  static build(entities: readonly Entity[]): WalletIndex {
    const b = WalletIndex.builder();
    for (const e of entities) b.add(e);
    return b.done();
  }

  /** build(), yielding to the event loop every few ms (the registry's rebuild walks ~28,000 entities). */
  static async buildYielding(entities: readonly Entity[], sliceMs = 4): Promise<WalletIndex> {
    const b = WalletIndex.builder();
    let slice = performance.now();
    for (let i = 0; i < entities.length; i++) {
      b.add(entities[i]!);
      if ((i & 255) !== 255 || performance.now() - slice < sliceMs) continue;
      await new Promise<void>((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
    return b.done();
  }

  private static builder(): { add: (e: Entity) => void; done: () => WalletIndex } {
    const byAddress = new Map<string, WalletHit[]>();
    let count = 0;
    const add = (e: Entity) => {
      for (const d of e.digitalCurrencyAddresses) {
        const address = d.address.trim();
        if (!address) continue;
        const key = normalizeAddress(address);
        const list = byAddress.get(key) ?? [];
        // The same address under the same currency twice in one entry adds nothing.
        if (list.some((h) => h.source === e.source && h.sourceId === e.sourceId && h.currency === d.currency)) continue;
        list.push({
          source: e.source,
          sourceId: e.sourceId,
          name: e.name,
          currency: d.currency,
          address,
          chain: chainOfListing(d.currency, address),
          programs: e.programs,
        });
        byAddress.set(key, list);
        count++;
      }
    };
    return { add, done: () => new WalletIndex(byAddress, count) };
  }

  /** Listings of this exact address; with a chain, only listings on that chain (or its EVM family). */
  lookup(address: string, chain?: string): WalletHit[] {
    const hits = this.byAddress.get(normalizeAddress(address));
    if (!hits) return [];
    const wanted = normalizeChain(chain);
    // An unrecognised chain name cannot be checked: better a hit to review than a silent miss.
    if (!wanted) return hits.slice();
    return hits.filter((h) => compatible(wanted, h.chain));
  }

  /** Number of (entry, currency, address) listings indexed. */
  get size(): number {
    return this.count;
  }
}
