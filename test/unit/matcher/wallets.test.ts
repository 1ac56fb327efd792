import { describe, expect, it } from 'vitest';
import type { DigitalCurrencyAddress, Entity } from '../../../src/sanctions/entity.ts';
import { WalletIndex, inferChain, normalizeAddress, normalizeChain } from '../../../src/sanctions/wallets.ts';

// Addresses as OFAC lists them (SDN remarks "Digital Currency Address - XBT …").
const XBT = '12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h';
const XBT_BECH32 = 'bc1qv7k70u2zynvem59u88ctdlaw7hc735d8xep9rq';
const ETH = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
const USDT_TRC20 = 'TMStbg5fgb4uTV7fK1gEYF9hKAzP3siPsG';
const USDT_ERC20 = '0x2f389ce8bd8ff92de3402ffce4691d17fc4f6535';
const LTC = 'LaizKtS5DUhPuP1nTQcc83MS7HwK6vk85z';
const BCH_CASH = 'qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq';

function holder(sourceId: string, name: string, wallets: DigitalCurrencyAddress[]): Entity {
  return {
    source: 'ofac-sdn',
    sourceId,
    type: 'person',
    name,
    names: [{ full: name, kind: 'primary', quality: 'strong' }],
    birthDates: [],
    birthPlaces: [],
    nationalities: [],
    countries: [],
    documents: [],
    addresses: [],
    programs: ['CYBER2'],
    digitalCurrencyAddresses: wallets,
  };
}

const wallets = WalletIndex.build([
  holder('25308', 'YAN, Xiaobing', [
    { currency: 'XBT', address: XBT },
    { currency: 'XBT', address: ` ${XBT_BECH32} ` },
  ]),
  holder('26137', 'KHORASHADIZADEH, Ali', [
    { currency: 'ETH', address: ETH },
    { currency: 'USDT', address: USDT_TRC20 },
    { currency: 'USDT', address: USDT_ERC20 },
  ]),
  holder('26138', 'GHORBANIYAN, Mohammad', [
    { currency: 'LTC', address: LTC },
    { currency: 'BCH', address: BCH_CASH },
    { currency: 'XBT', address: XBT },
  ]),
  holder('1', 'NO WALLET', []),
]);

describe('WalletIndex', () => {
  it('finds every listing of an exact address, with chain, currency, entry and programs', () => {
    const hits = wallets.lookup(XBT);
    expect(hits.map((h) => h.sourceId).sort()).toEqual(['25308', '26138']);
    expect(hits[0]).toMatchObject({
      source: 'ofac-sdn',
      currency: 'XBT',
      chain: 'bitcoin',
      address: XBT,
      programs: ['CYBER2'],
    });
    expect(hits.find((h) => h.sourceId === '25308')?.name).toBe('YAN, Xiaobing');
  });

  it('counts its listings', () => {
    expect(wallets.size).toBe(8);
  });

  it('trims whitespace on both sides', () => {
    expect(wallets.lookup(`  ${XBT}\n`)).toHaveLength(2);
    expect(wallets.lookup(XBT_BECH32)).toHaveLength(1);
  });

  it('compares EVM addresses case-insensitively (EIP-55 case is only a checksum)', () => {
    expect(wallets.lookup(ETH.toLowerCase())).toHaveLength(1);
    expect(wallets.lookup(ETH.toUpperCase().replace('0X', '0x'))).toHaveLength(1);
    expect(wallets.lookup(USDT_ERC20.toUpperCase().replace('0X', '0x'))[0]).toMatchObject({
      currency: 'USDT',
      chain: 'ethereum',
    });
  });

  it('compares base58 addresses case-sensitively: another case is another address', () => {
    expect(wallets.lookup(XBT.toLowerCase())).toEqual([]);
    expect(wallets.lookup(LTC.toUpperCase())).toEqual([]);
    expect(wallets.lookup(USDT_TRC20.toLowerCase())).toEqual([]);
  });

  it('folds case for bech32 and CashAddr, which are single-case by spec', () => {
    expect(wallets.lookup(XBT_BECH32.toUpperCase())).toHaveLength(1);
    expect(wallets.lookup(`bitcoincash:${BCH_CASH}`)).toHaveLength(1);
    expect(wallets.lookup(BCH_CASH.toUpperCase())).toHaveLength(1);
  });

  it('is never fuzzy: one character off is no hit', () => {
    expect(wallets.lookup(`${XBT.slice(0, -1)}i`)).toEqual([]);
    expect(wallets.lookup(`${ETH.slice(0, -1)}7`)).toEqual([]);
    expect(wallets.lookup('')).toEqual([]);
  });

  it('with a chain, keeps the listings on that chain; EVM chains share addresses', () => {
    expect(wallets.lookup(XBT, 'bitcoin')).toHaveLength(2);
    expect(wallets.lookup(XBT, 'XBT')).toHaveLength(2);
    expect(wallets.lookup(XBT, 'BTC')).toHaveLength(2);
    expect(wallets.lookup(ETH, 'ethereum')).toHaveLength(1);
    expect(wallets.lookup(ETH, 'arbitrum')).toHaveLength(1);
    expect(wallets.lookup(USDT_ERC20, 'USDT-ERC20')).toHaveLength(1);
    expect(wallets.lookup(USDT_TRC20, 'USDT-TRC20')).toHaveLength(1);
    expect(wallets.lookup(USDT_TRC20, 'tron')).toHaveLength(1);
  });

  it('with a mismatching chain, finds nothing', () => {
    expect(wallets.lookup(XBT, 'ethereum')).toEqual([]);
    expect(wallets.lookup(ETH, 'bitcoin')).toEqual([]);
    expect(wallets.lookup(USDT_TRC20, 'USDT-ERC20')).toEqual([]);
    expect(wallets.lookup(LTC, 'bitcoin')).toEqual([]);
  });
});

describe('wallet helpers', () => {
  it('infers the chain from the shape of the address', () => {
    expect(inferChain(XBT)).toBe('bitcoin');
    expect(inferChain(XBT_BECH32)).toBe('bitcoin');
    expect(inferChain(ETH)).toBe('ethereum');
    expect(inferChain(USDT_TRC20)).toBe('tron');
    expect(inferChain(LTC)).toBe('litecoin');
    expect(inferChain('ltc1qg82t7yhtkrq8cd7kndfdgnhvllhj2d6gcd3qdu')).toBe('litecoin');
    expect(inferChain(BCH_CASH)).toBe('bitcoin-cash');
    expect(inferChain('not an address')).toBeUndefined();
  });

  it('maps list currency codes and caller spellings to chain names', () => {
    expect(normalizeChain('XBT')).toBe('bitcoin');
    expect(normalizeChain('eth')).toBe('ethereum');
    expect(normalizeChain('USDT_TRC20')).toBe('tron');
    expect(normalizeChain('usdc (erc20)')).toBe('ethereum');
    expect(normalizeChain('BEP20')).toBe('bsc');
    expect(normalizeChain('USDT')).toBeUndefined();
  });

  it('normalises only where the format is case-insensitive', () => {
    expect(normalizeAddress(` ${ETH} `)).toBe(ETH.toLowerCase());
    expect(normalizeAddress(XBT)).toBe(XBT);
  });
});
