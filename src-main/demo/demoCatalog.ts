// Deterministic demo catalog: product `index` is a pure function of (index, seed, size), so a
// million-product catalog costs no memory and two processes with the same seed agree exactly.
import {
  ATLAS_TEMPLATES,
  INGERSOLL_TEMPLATES,
  OMIE_TEMPLATES,
  RENTAL_TEMPLATES,
  SERVICE_TEMPLATES,
  between,
  familyOf,
  GROUPS,
  pick,
} from './demoVocabulary.js';
import type { ItemTemplate, MeasurementUnit, OmieBrand, Rng } from './demoVocabulary.js';

export type { MeasurementUnit } from './demoVocabulary.js';

export const DEMO_DEFAULT_SIZE = 11_793;
export const DEMO_DEFAULT_SEED = 42;
/** Product Id = DEMO_ID_BASE + index. */
export const DEMO_ID_BASE = 100_000;

export interface PloomesOtherProperty {
  FieldKey: string;
  StringValue?: string;
  IntegerValue?: number;
  DecimalValue?: number;
}

export interface PloomesProduct {
  Id: number;
  Name: string;
  Code: string;
  Description: string;
  Family: { Id: number; Name: string };
  Group: { Id: number; Name: string };
  MeasurementUnit: MeasurementUnit;
  UnitPrice: number;
  CurrencyId: 1;
  Suspended: boolean;
  /** The id in the system that created the product (Omie for the Omie-created ones), else null. */
  ExternalId: string | null;
  ImageUrl: string | null;
  CreateDate: string;
  LastUpdateDate: string;
  OtherProperties: PloomesOtherProperty[];
}

export interface DemoCatalogOptions {
  seed?: number;
  size?: number;
}

export type DemoGroup = 'service' | 'rental' | 'atlasCopco' | 'ingersollRand' | 'omie';

/** Half-open index range [start, end). */
export interface DemoRange {
  start: number;
  end: number;
}

export type DemoMix = Readonly<Record<DemoGroup, DemoRange>>;

// Shares of the real customer's catalog (seed doc 004); Omie takes whatever is left.
const SHARES = { service: 127, rental: 95, atlasCopco: 1_307, ingersollRand: 1_952 } as const;

const mixCache = new Map<number, DemoMix>();

export function demoMix(size: number = DEMO_DEFAULT_SIZE): DemoMix {
  const cached = mixCache.get(size);
  if (cached) return cached;
  const count = (share: number): number => {
    const n = Math.round((size * share) / DEMO_DEFAULT_SIZE);
    return size >= 5 ? Math.max(1, n) : n;
  };
  let start = 0;
  const range = (n: number): DemoRange => {
    const r = { start, end: start + n };
    start += n;
    return r;
  };
  const mix: DemoMix = {
    service: range(count(SHARES.service)),
    rental: range(count(SHARES.rental)),
    atlasCopco: range(count(SHARES.atlasCopco)),
    ingersollRand: range(count(SHARES.ingersollRand)),
    omie: range(Math.max(0, size - start)),
  };
  if (mixCache.size > 16) mixCache.clear();
  mixCache.set(size, mix);
  return mix;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit seed for stream `salt` of product `index`, so each field family has its own stream. */
export function streamSeed(seed: number, index: number, salt: number): number {
  return fmix32(fmix32(fmix32(seed ^ 0x9e3779b9) ^ index) ^ salt);
}

export function mulberry32(seed: number): Rng {
  let s = seed >>> 0;
  return {
    next() {
      s = (s + 0x6d2b79f5) | 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    },
  };
}

const SALT_ITEM = 1;
const SALT_DATES = 2;

const DAY = 86_400_000;
const UPDATE_START = Date.UTC(2025, 0, 1);
const UPDATE_SPAN = 348 * DAY;
const CREATE_START = Date.UTC(2022, 0, 1);
const CREATE_SPAN = UPDATE_START - CREATE_START;

/**
 * Base LastUpdateDate in epoch ms. Strictly increasing with index (jitter stays under half a step),
 * which lets the server binary-search date filters instead of scanning.
 */
export function demoBaseUpdatedAt(index: number, opts: DemoCatalogOptions = {}): number {
  const size = opts.size ?? DEMO_DEFAULT_SIZE;
  const step = Math.max(1, Math.floor(UPDATE_SPAN / size));
  const jitter = streamSeed(opts.seed ?? DEMO_DEFAULT_SEED, index, SALT_DATES) % Math.max(1, Math.floor(step / 2));
  return UPDATE_START + index * step + jitter;
}

function baseCreatedAt(index: number, seed: number, size: number): number {
  const step = Math.max(1, Math.floor(CREATE_SPAN / size));
  const jitter = fmix32(streamSeed(seed, index, SALT_DATES)) % Math.max(1, Math.floor(step / 2));
  return CREATE_START + index * step + jitter;
}

interface Weighted<T> {
  items: readonly T[];
  cumulative: readonly number[];
  total: number;
}

function weighted<T extends { weight: number }>(items: readonly T[]): Weighted<T> {
  let total = 0;
  const cumulative = items.map((t) => (total += t.weight));
  return { items, cumulative, total };
}

function pickWeighted<T>(r: Rng, w: Weighted<T>): T {
  const x = r.next() * w.total;
  const i = w.cumulative.findIndex((c) => x < c);
  const item = w.items[i === -1 ? w.items.length - 1 : i];
  if (item === undefined) throw new Error('weighted pick from an empty list');
  return item;
}

const SERVICE = weighted(SERVICE_TEMPLATES);
const RENTAL = weighted(RENTAL_TEMPLATES);
const ATLAS = weighted(ATLAS_TEMPLATES);
const INGERSOLL = weighted(INGERSOLL_TEMPLATES);
const OMIE = weighted(OMIE_TEMPLATES);

const OMIE_CODE_PREFIX: Record<OmieBrand, string> = {
  Schulz: 'SCH',
  Chiaperini: 'CHP',
  Metalplan: 'MTP',
  Wayne: 'WAY',
  WEG: 'WEG',
  Parker: 'PRK',
  Festo: 'FST',
  SKF: 'SKF',
};

/**
 * ISO-8601 formatter that reuses the date part of the previous call: Date#toISOString alone
 * would be about half the cost of generating a product.
 */
function isoFormatter(): (ms: number) => string {
  let day = Number.NaN;
  let prefix = '';
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  return (ms) => {
    const d = Math.floor(ms / DAY);
    if (d !== day) {
      day = d;
      prefix = new Date(d * DAY).toISOString().slice(0, 11);
    }
    let rest = ms - d * DAY;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const s = Math.floor(rest / 1000);
    return `${prefix}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(rest - s * 1000, 3)}Z`;
  };
}

const isoCreated = isoFormatter();
const isoUpdated = isoFormatter();

const money = (x: number): number => Math.round(x * 100) / 100;
const seq = (n: number, width: number): string => String(n).padStart(width, '0');

export function demoGroupOf(index: number, size: number = DEMO_DEFAULT_SIZE): DemoGroup {
  const mix = demoMix(size);
  if (index < mix.service.end) return 'service';
  if (index < mix.rental.end) return 'rental';
  if (index < mix.atlasCopco.end) return 'atlasCopco';
  if (index < mix.ingersollRand.end) return 'ingersollRand';
  return 'omie';
}

interface Chosen {
  template: ItemTemplate;
  brand: string;
  code: (token: string) => string;
  type: 'product' | 'service' | 'rental';
  origin: 'ploomes' | 'omie';
}

function choose(r: Rng, group: DemoGroup, ordinal: number): Chosen {
  const n = ordinal + 1;
  switch (group) {
    case 'service':
      return {
        template: pickWeighted(r, SERVICE),
        brand: 'CIA',
        code: (t) => `CIA_${t}_${seq(n, 4)}`,
        type: 'service',
        origin: 'ploomes',
      };
    case 'rental':
      return {
        template: pickWeighted(r, RENTAL),
        brand: 'CIA',
        code: (t) => `CIA_LOC_${t}_${seq(n, 4)}`,
        type: 'rental',
        origin: 'ploomes',
      };
    case 'atlasCopco':
      return {
        template: pickWeighted(r, ATLAS),
        brand: 'Atlas Copco',
        code: (t) => `ATL-${t}-${seq(n, 5)}`,
        type: 'product',
        origin: 'ploomes',
      };
    case 'ingersollRand':
      return {
        template: pickWeighted(r, INGERSOLL),
        brand: 'Ingersoll Rand',
        code: (t) => `IR-${t}-${seq(n, 5)}`,
        type: 'product',
        origin: 'ploomes',
      };
    case 'omie': {
      const template = pickWeighted(r, OMIE);
      const brand = pick(r, template.brands);
      return {
        template,
        brand,
        code: (t) => `${OMIE_CODE_PREFIX[brand]}-${t}-${seq(n, 6)}`,
        type: 'product',
        origin: 'omie',
      };
    }
  }
}

/** Product `index` (0-based) of the base catalog, before any mutation. */
export function demoProduct(index: number, opts: DemoCatalogOptions = {}): PloomesProduct {
  const seed = opts.seed ?? DEMO_DEFAULT_SEED;
  const size = opts.size ?? DEMO_DEFAULT_SIZE;
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`demo product index ${index} is outside 0..${size - 1}`);
  }
  const group = demoGroupOf(index, size);
  const r = mulberry32(streamSeed(seed, index, SALT_ITEM));
  const chosen = choose(r, group, index - demoMix(size)[group].start);
  const { template } = chosen;
  const draft = template.make(r, chosen.brand);
  const price = money(draft.price);
  const groupDef = GROUPS[template.group];
  const family = familyOf(template.group);
  return {
    Id: DEMO_ID_BASE + index,
    Name: draft.name,
    Code: chosen.code(draft.token),
    Description: draft.description,
    Family: { Id: family.Id, Name: family.Name },
    Group: { Id: groupDef.Id, Name: groupDef.Name },
    MeasurementUnit: template.unit,
    UnitPrice: price,
    CurrencyId: 1,
    Suspended: r.next() < 0.03,
    // Derived from the index, not the random stream, so every other value stays what it was.
    ExternalId: group === 'omie' ? String(4_200_000_000 + index) : null,
    ImageUrl: index % 5 === 0 ? `https://images.demo.invalid/products/${DEMO_ID_BASE + index}.jpg` : null,
    CreateDate: isoCreated(baseCreatedAt(index, seed, size)),
    LastUpdateDate: isoUpdated(demoBaseUpdatedAt(index, { seed, size })),
    OtherProperties: [
      { FieldKey: 'product_brand', StringValue: chosen.brand },
      { FieldKey: 'product_ncm', StringValue: template.ncm },
      { FieldKey: 'product_stock', IntegerValue: Math.floor(r.next() * (template.stockMax + 1)) },
      { FieldKey: 'product_type', StringValue: chosen.type },
      { FieldKey: 'product_origin', StringValue: chosen.origin },
      { FieldKey: 'product_cost', DecimalValue: money(price * between(r, 0.52, 0.72)) },
      ...specifications(chosen.type, price, r),
    ],
  };
}

/** Seed 004's service and rental specifications, and weight/CFOP for goods, as Ploomes custom fields. */
function specifications(type: string, price: number, r: Rng): PloomesOtherProperty[] {
  if (type === 'service') {
    return [
      { FieldKey: 'product_service_hours', IntegerValue: 1 + Math.floor(r.next() * 16) },
      { FieldKey: 'product_billing_cycle', StringValue: pick(r, ['por hora', 'por visita', 'mensal', 'anual']) },
      { FieldKey: 'product_sla', StringValue: pick(r, ['4 h', '8 h', '24 h', '48 h']) },
    ];
  }
  if (type === 'rental') {
    return [
      { FieldKey: 'product_rental_daily', DecimalValue: money(price / 30) },
      { FieldKey: 'product_rental_monthly', DecimalValue: price },
      { FieldKey: 'product_rental_min_days', IntegerValue: pick(r, [1, 7, 15, 30]) },
    ];
  }
  return [
    { FieldKey: 'product_weight_kg', DecimalValue: Math.round(between(r, 0.1, 900) * 1000) / 1000 },
    { FieldKey: 'product_cfop', StringValue: pick(r, ['5102', '6102', '5405']) },
  ];
}
