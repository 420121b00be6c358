// Word tables for the demo catalog: an air-compressor distributor's product line in Portuguese,
// shaped after a real Ploomes customer. Kept apart from demoCatalog.ts so the generator stays readable.

export type MeasurementUnit = 'UN' | 'PC' | 'KG' | 'M' | 'H';

/** A small seeded random source; `next()` returns [0, 1). */
export interface Rng {
  next(): number;
}

export interface CatalogRef {
  Id: number;
  Name: string;
}

export const FAMILIES = {
  compressores: { Id: 1, Name: 'Compressores' },
  pecas: { Id: 2, Name: 'Peças de Reposição' },
  servicos: { Id: 3, Name: 'Serviços' },
  locacao: { Id: 4, Name: 'Locação' },
  secadores: { Id: 5, Name: 'Secadores' },
  filtros: { Id: 6, Name: 'Filtros' },
  ferramentas: { Id: 7, Name: 'Ferramentas Pneumáticas' },
  lubrificantes: { Id: 8, Name: 'Lubrificantes' },
  tubulacao: { Id: 9, Name: 'Tubulação e Conexões' },
  motores: { Id: 10, Name: 'Motores Elétricos' },
  automacao: { Id: 11, Name: 'Automação Pneumática' },
  rolamentos: { Id: 12, Name: 'Rolamentos' },
} as const satisfies Record<string, CatalogRef>;

type FamilyKey = keyof typeof FAMILIES;

interface GroupDef extends CatalogRef {
  family: FamilyKey;
}

export const GROUPS = {
  parafuso: { Id: 101, Name: 'Compressores de Parafuso', family: 'compressores' },
  pistao: { Id: 102, Name: 'Compressores de Pistão', family: 'compressores' },
  portateis: { Id: 103, Name: 'Compressores Portáteis', family: 'compressores' },
  isentos: { Id: 104, Name: 'Compressores Isentos de Óleo', family: 'compressores' },
  kits: { Id: 201, Name: 'Kits de Manutenção', family: 'pecas' },
  separadores: { Id: 202, Name: 'Elementos Separadores', family: 'pecas' },
  valvulas: { Id: 203, Name: 'Válvulas', family: 'pecas' },
  sensores: { Id: 204, Name: 'Sensores e Controladores', family: 'pecas' },
  pecasPistao: { Id: 205, Name: 'Peças para Compressores de Pistão', family: 'pecas' },
  preventiva: { Id: 301, Name: 'Manutenção Preventiva', family: 'servicos' },
  corretiva: { Id: 302, Name: 'Manutenção Corretiva', family: 'servicos' },
  instalacao: { Id: 303, Name: 'Instalação e Partida', family: 'servicos' },
  auditoria: { Id: 304, Name: 'Auditoria de Ar Comprimido', family: 'servicos' },
  treinamento: { Id: 305, Name: 'Treinamento', family: 'servicos' },
  locCompressores: { Id: 401, Name: 'Locação de Compressores', family: 'locacao' },
  locSecadores: { Id: 402, Name: 'Locação de Secadores', family: 'locacao' },
  locGeradores: { Id: 403, Name: 'Locação de Geradores e Iluminação', family: 'locacao' },
  refrigeracao: { Id: 501, Name: 'Secadores por Refrigeração', family: 'secadores' },
  adsorcao: { Id: 502, Name: 'Secadores por Adsorção', family: 'secadores' },
  filtrosAr: { Id: 601, Name: 'Filtros de Ar', family: 'filtros' },
  filtrosOleo: { Id: 602, Name: 'Filtros de Óleo', family: 'filtros' },
  filtrosLinha: { Id: 603, Name: 'Filtros de Linha', family: 'filtros' },
  impacto: { Id: 701, Name: 'Chaves de Impacto', family: 'ferramentas' },
  parafusadeiras: { Id: 702, Name: 'Parafusadeiras e Lixadeiras', family: 'ferramentas' },
  oleos: { Id: 801, Name: 'Óleos para Compressores', family: 'lubrificantes' },
  graxas: { Id: 802, Name: 'Graxas', family: 'lubrificantes' },
  mangueiras: { Id: 901, Name: 'Mangueiras e Tubos', family: 'tubulacao' },
  conexoes: { Id: 902, Name: 'Conexões e Engates', family: 'tubulacao' },
  trifasicos: { Id: 1001, Name: 'Motores Trifásicos', family: 'motores' },
  cilindros: { Id: 1101, Name: 'Cilindros Pneumáticos', family: 'automacao' },
  solenoides: { Id: 1102, Name: 'Válvulas Solenoides', family: 'automacao' },
  preparacao: { Id: 1103, Name: 'Preparação de Ar', family: 'automacao' },
  esferas: { Id: 1201, Name: 'Rolamentos de Esferas', family: 'rolamentos' },
} as const satisfies Record<string, GroupDef>;

export type GroupKey = keyof typeof GROUPS;

export function familyOf(group: GroupKey): CatalogRef {
  return FAMILIES[GROUPS[group].family];
}

/** What a template produces; the generator adds ids, dates, stock and custom fields. */
export interface ItemDraft {
  name: string;
  /** Model part of the product code, e.g. "GA30". */
  token: string;
  description: string;
  price: number;
}

export interface ItemTemplate {
  weight: number;
  group: GroupKey;
  unit: MeasurementUnit;
  ncm: string;
  /** Upper bound of generated stock (0 for services). */
  stockMax: number;
  make(r: Rng, brand: string): ItemDraft;
}

export function pick<T>(r: Rng, items: readonly T[]): T {
  const item = items[Math.floor(r.next() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function between(r: Rng, min: number, max: number): number {
  return min + r.next() * (max - min);
}

const kwRange = [11, 15, 18, 22, 30, 37, 45, 55, 75, 90, 110, 132, 160] as const;
const pressures = ['7,5', '8,5', '10', '13'] as const;
const capacityBands = ['até 37 kW', 'de 37 a 75 kW', 'de 75 a 160 kW', 'acima de 160 kW'] as const;
const equipment = [
  'Compressor de Parafuso',
  'Compressor de Pistão',
  'Secador por Refrigeração',
  'Secador por Adsorção',
  'Compressor Isento de Óleo',
  'Máquina de Ar Comprimido',
] as const;

/** Price for a screw compressor, growing with motor power like real price lists do. */
const screwPrice = (r: Rng, kw: number): number => 18_000 + kw * between(r, 2_200, 2_900);

const serviceTemplate = (
  weight: number,
  group: GroupKey,
  token: string,
  title: string,
  sentence: string,
  min: number,
  max: number,
): ItemTemplate => ({
  weight,
  group,
  unit: 'H',
  ncm: '00000000',
  stockMax: 0,
  make: (r) => {
    const target = pick(r, equipment);
    const band = pick(r, capacityBands);
    return {
      name: `${title} de ${target} ${band}`,
      token,
      description: `${sentence} em ${target.toLowerCase()} ${band}. Valor por hora técnica, deslocamento cobrado à parte.`,
      price: between(r, min, max),
    };
  },
});

export const SERVICE_TEMPLATES: readonly ItemTemplate[] = [
  serviceTemplate(
    5,
    'preventiva',
    'MANUT',
    'Manutenção Preventiva',
    'Troca de filtros, óleo e separador com inspeção de pressão e temperatura',
    180,
    320,
  ),
  serviceTemplate(3, 'corretiva', 'REPARO', 'Manutenção Corretiva', 'Diagnóstico e reparo de falhas', 220, 420),
  serviceTemplate(
    2,
    'corretiva',
    'REVIS',
    'Revisão Geral da Unidade Compressora',
    'Revisão completa do elemento compressor com troca de rolamentos e retentores',
    350,
    650,
  ),
  serviceTemplate(
    2,
    'instalacao',
    'INST',
    'Instalação e Partida Técnica',
    'Instalação, comissionamento e partida assistida',
    200,
    380,
  ),
  serviceTemplate(
    1,
    'auditoria',
    'AUDIT',
    'Auditoria de Vazamentos e Consumo',
    'Medição de vazamentos e perfil de consumo de ar comprimido',
    260,
    480,
  ),
  serviceTemplate(
    1,
    'treinamento',
    'TREIN',
    'Treinamento Operacional',
    'Treinamento de operadores sobre operação segura e rotina de inspeção',
    190,
    300,
  ),
  serviceTemplate(
    1,
    'preventiva',
    'CALIB',
    'Calibração de Válvula de Segurança e Pressostato',
    'Calibração com laudo e lacre',
    160,
    260,
  ),
];

const rentalTemplate = (
  weight: number,
  group: GroupKey,
  title: string,
  models: readonly { model: string; price: number }[],
  sentence: string,
): ItemTemplate => ({
  weight,
  group,
  unit: 'UN',
  ncm: '00000000',
  stockMax: 6,
  make: (r) => {
    const m = pick(r, models);
    const period = pick(r, ['Mensal', 'Semanal', 'Diária'] as const);
    const factor = period === 'Mensal' ? 1 : period === 'Semanal' ? 0.35 : 0.08;
    return {
      name: `Locação ${period} de ${title} ${m.model}`,
      token: m.model.replace(/[^A-Za-z0-9]/g, '').toUpperCase(),
      description: `${sentence} Cobrança ${period.toLowerCase()}, com manutenção inclusa e frete à parte.`,
      price: m.price * factor * between(r, 0.92, 1.08),
    };
  },
});

export const RENTAL_TEMPLATES: readonly ItemTemplate[] = [
  rentalTemplate(
    3,
    'locCompressores',
    'Compressor Portátil',
    [
      { model: 'XAS 185', price: 6_800 },
      { model: 'XATS 400', price: 11_500 },
      { model: 'XAVS 900', price: 24_000 },
    ],
    'Compressor diesel rebocável para obras, mineração e paradas de manutenção.',
  ),
  rentalTemplate(
    3,
    'locCompressores',
    'Compressor de Parafuso',
    [
      { model: 'GA 37', price: 5_900 },
      { model: 'GA 75', price: 9_800 },
      { model: 'GA 160', price: 18_500 },
    ],
    'Máquina elétrica estacionária para suprir a demanda da planta durante manutenção ou picos de produção.',
  ),
  rentalTemplate(
    2,
    'locSecadores',
    'Secador por Refrigeração',
    [
      { model: 'FD 95', price: 2_600 },
      { model: 'FD 260', price: 4_200 },
    ],
    'Secador para garantir ar comprimido seco com ponto de orvalho de 3 °C.',
  ),
  rentalTemplate(
    1,
    'locGeradores',
    'Gerador',
    [
      { model: 'QAS 150', price: 12_000 },
      { model: 'QAS 330', price: 21_000 },
    ],
    'Gerador diesel silenciado para energia temporária.',
  ),
  rentalTemplate(
    1,
    'locGeradores',
    'Torre de Iluminação',
    [{ model: 'HiLight V5+', price: 3_100 }],
    'Torre de iluminação LED para trabalho noturno em obras.',
  ),
];

/** Templates shared by the two big OEM brands, parameterised by their model names. */
interface OemModels {
  screw: readonly string[];
  oilFree: string;
  dryer: string;
  desiccant: string;
  lineFilters: readonly string[];
  oil: string;
  impactWrench: string;
  sander: string;
}

const oemTemplates = (m: OemModels): readonly ItemTemplate[] => [
  {
    weight: 3,
    group: 'parafuso',
    unit: 'UN',
    ncm: '84148019',
    stockMax: 4,
    make: (r, brand) => {
      const kw = pick(r, kwRange);
      const series = pick(r, m.screw);
      const vsd = r.next() < 0.4;
      const bar = pick(r, pressures);
      return {
        name: `Compressor de Parafuso ${series} ${kw}${vsd ? ' VSD' : ''} ${bar} bar`,
        token: `${series.replace(/\s/g, '')}${kw}`,
        description: `Compressor de parafuso lubrificado ${brand} de ${kw} kW com pressão de trabalho de ${bar} bar${vsd ? ' e inversor de frequência' : ''}. Indicado para uso industrial contínuo.`,
        price: screwPrice(r, kw) * (vsd ? 1.35 : 1),
      };
    },
  },
  {
    weight: 1,
    group: 'isentos',
    unit: 'UN',
    ncm: '84148019',
    stockMax: 2,
    make: (r, brand) => {
      const kw = pick(r, kwRange.slice(3));
      return {
        name: `Compressor Isento de Óleo ${m.oilFree} ${kw} ${pick(r, pressures)} bar`,
        token: `${m.oilFree.replace(/\s/g, '')}${kw}`,
        description: `Compressor ${brand} isento de óleo classe 0, para indústrias alimentícia e farmacêutica.`,
        price: screwPrice(r, kw) * 1.9,
      };
    },
  },
  {
    weight: 2,
    group: 'refrigeracao',
    unit: 'UN',
    ncm: '84213990',
    stockMax: 8,
    make: (r, brand) => {
      const size = pick(r, [10, 20, 30, 50, 70, 95, 120, 150, 185, 260, 300]);
      return {
        name: `Secador por Refrigeração ${m.dryer} ${size}`,
        token: `${m.dryer.replace(/\s/g, '')}${size}`,
        description: `Secador ${brand} por refrigeração com ponto de orvalho de 3 °C e baixa perda de pressão.`,
        price: 4_500 + size * between(r, 95, 130),
      };
    },
  },
  {
    weight: 1,
    group: 'adsorcao',
    unit: 'UN',
    ncm: '84213990',
    stockMax: 3,
    make: (r, brand) => {
      const size = pick(r, [25, 50, 80, 110, 145, 195, 260]);
      return {
        name: `Secador por Adsorção ${m.desiccant} ${size}`,
        token: `${m.desiccant.replace(/\s/g, '')}${size}`,
        description: `Secador ${brand} por adsorção com regeneração a frio e ponto de orvalho de -40 °C.`,
        price: 9_000 + size * between(r, 180, 240),
      };
    },
  },
  {
    weight: 3,
    group: 'filtrosLinha',
    unit: 'UN',
    ncm: '84213990',
    stockMax: 40,
    make: (r, brand) => {
      const grade = pick(r, m.lineFilters);
      const flow = pick(r, [9, 17, 32, 44, 60, 120, 150, 175, 260, 390, 520]);
      return {
        name: `Filtro de Linha Coalescente ${grade} ${flow}`,
        token: `${grade.replace(/\s/g, '')}${flow}`,
        description: `Filtro ${brand} para remoção de partículas e aerossóis de óleo da rede de ar comprimido.`,
        price: 420 + flow * between(r, 6, 9),
      };
    },
  },
  {
    weight: 4,
    group: 'filtrosAr',
    unit: 'PC',
    ncm: '84213990',
    stockMax: 120,
    make: (r, brand) => {
      const kw = pick(r, kwRange);
      return {
        name: `Filtro de Ar para Compressor ${pick(r, m.screw)} ${kw}`,
        token: `FA${kw}`,
        description: `Elemento filtrante de ar original ${brand} para compressores de ${kw} kW.`,
        price: 90 + kw * between(r, 3, 5),
      };
    },
  },
  {
    weight: 4,
    group: 'filtrosOleo',
    unit: 'PC',
    ncm: '84212300',
    stockMax: 120,
    make: (r, brand) => {
      const kw = pick(r, kwRange);
      return {
        name: `Filtro de Óleo para Compressor ${pick(r, m.screw)} ${kw}`,
        token: `FO${kw}`,
        description: `Filtro de óleo original ${brand}; troca recomendada a cada 4.000 horas.`,
        price: 110 + kw * between(r, 3, 6),
      };
    },
  },
  {
    weight: 3,
    group: 'separadores',
    unit: 'PC',
    ncm: '84219999',
    stockMax: 60,
    make: (r, brand) => {
      const kw = pick(r, kwRange);
      return {
        name: `Elemento Separador Ar/Óleo ${pick(r, m.screw)} ${kw}`,
        token: `SEP${kw}`,
        description: `Separador ar/óleo ${brand} que mantém o arraste de óleo abaixo de 3 ppm.`,
        price: 380 + kw * between(r, 9, 14),
      };
    },
  },
  {
    weight: 3,
    group: 'kits',
    unit: 'UN',
    ncm: '84149039',
    stockMax: 30,
    make: (r, brand) => {
      const kw = pick(r, kwRange);
      const hours = pick(r, ['4.000', '8.000', '16.000', '24.000']);
      return {
        name: `Kit de Manutenção ${hours} h ${pick(r, m.screw)} ${kw}`,
        token: `KIT${kw}`,
        description: `Kit ${brand} com filtros, separador e juntas para a revisão de ${hours} horas.`,
        price: 900 + kw * between(r, 25, 40),
      };
    },
  },
  {
    weight: 3,
    group: 'valvulas',
    unit: 'PC',
    ncm: '84818099',
    stockMax: 25,
    make: (r, brand) => {
      const kind = pick(r, [
        'Válvula de Admissão',
        'Válvula Termostática',
        'Válvula de Pressão Mínima',
        'Válvula de Segurança',
        'Válvula Solenoide de Alívio',
      ]);
      const kw = pick(r, kwRange);
      return {
        name: `${kind} ${pick(r, m.screw)} ${kw}`,
        token: `VAL${kw}`,
        description: `${kind} original ${brand} para compressores de ${kw} kW.`,
        price: between(r, 350, 4_800),
      };
    },
  },
  {
    weight: 2,
    group: 'sensores',
    unit: 'PC',
    ncm: '90262010',
    stockMax: 15,
    make: (r, brand) => {
      const kind = pick(r, [
        'Sensor de Pressão',
        'Sensor de Temperatura',
        'Transdutor de Pressão',
        'Controlador Eletrônico',
      ]);
      return {
        name: `${kind} para Compressor ${pick(r, m.screw)}`,
        token: kind === 'Controlador Eletrônico' ? 'CTRL' : 'SENS',
        description: `${kind} ${brand} para monitoramento da pressão e da temperatura de descarga.`,
        price: kind === 'Controlador Eletrônico' ? between(r, 6_000, 14_000) : between(r, 450, 1_900),
      };
    },
  },
  {
    weight: 2,
    group: 'oleos',
    unit: 'UN',
    ncm: '27101932',
    stockMax: 80,
    make: (r, brand) => {
      const liters = pick(r, [5, 20, 209]);
      return {
        name: `Óleo Lubrificante ${m.oil} ${liters} L`,
        token: `OIL${liters}`,
        description: `Fluido sintético ${brand} para compressores de parafuso, vida útil de até 8.000 horas.`,
        price: liters * between(r, 58, 82),
      };
    },
  },
  {
    weight: 1,
    group: 'impacto',
    unit: 'UN',
    ncm: '84671110',
    stockMax: 20,
    make: (r, brand) => {
      const drive = pick(r, ['1/2"', '3/4"', '1"']);
      return {
        name: `Chave de Impacto Pneumática ${drive} ${m.impactWrench}`,
        token: m.impactWrench.replace(/[^A-Za-z0-9]/g, ''),
        description: `Chave de impacto ${brand} com encaixe de ${drive}, para montagem e manutenção pesada.`,
        price: between(r, 1_400, 4_900),
      };
    },
  },
  {
    weight: 1,
    group: 'parafusadeiras',
    unit: 'UN',
    ncm: '84671190',
    stockMax: 20,
    make: (r, brand) => ({
      name: `Lixadeira Pneumática Orbital ${m.sander}`,
      token: m.sander.replace(/[^A-Za-z0-9]/g, ''),
      description: `Lixadeira pneumática ${brand} de baixa vibração para acabamento.`,
      price: between(r, 900, 2_600),
    }),
  },
];

export const ATLAS_TEMPLATES = oemTemplates({
  screw: ['GA', 'GA', 'G', 'GX'],
  oilFree: 'ZT',
  dryer: 'FD',
  desiccant: 'CD',
  lineFilters: ['DD', 'PD', 'QD'],
  oil: 'Roto-Inject Fluid',
  impactWrench: 'W2216',
  sander: 'G2410',
});

export const INGERSOLL_TEMPLATES = oemTemplates({
  screw: ['R', 'R', 'RS', 'UP6'],
  oilFree: 'Sierra',
  dryer: 'D-IN',
  desiccant: 'D-IL',
  lineFilters: ['FA', 'FAH', 'FAC'],
  oil: 'Ultra Coolant',
  impactWrench: '2235TiMAX',
  sander: '4151',
});

/** Products created through the ERP (Omie) integration: many brands, many small parts. */
export const OMIE_BRANDS = ['Schulz', 'Chiaperini', 'Metalplan', 'Wayne', 'WEG', 'Parker', 'Festo', 'SKF'] as const;
export type OmieBrand = (typeof OMIE_BRANDS)[number];

export interface OmieTemplate extends ItemTemplate {
  brands: readonly OmieBrand[];
}

export const OMIE_TEMPLATES: readonly OmieTemplate[] = [
  {
    weight: 3,
    brands: ['Schulz', 'Chiaperini', 'Wayne'],
    group: 'pistao',
    unit: 'UN',
    ncm: '84148011',
    stockMax: 12,
    make: (r, brand) => {
      const pcm = pick(r, [10, 15, 20, 25, 30, 40, 60]);
      const liters = pick(r, [100, 150, 200, 250, 350, 425]);
      return {
        name: `Compressor de Pistão ${pcm} pcm ${liters} L ${brand}`,
        token: `CP${pcm}${liters}`,
        description: `Compressor de pistão com reservatório de ${liters} litros e pressão máxima de 175 lbf/pol².`,
        price: 1_800 + pcm * between(r, 160, 230) + liters * 6,
      };
    },
  },
  {
    weight: 1,
    brands: ['Schulz', 'Chiaperini'],
    group: 'parafuso',
    unit: 'UN',
    ncm: '84148019',
    stockMax: 3,
    make: (r, brand) => {
      const hp = pick(r, [10, 15, 20, 30, 40, 50]);
      return {
        name: `Compressor de Parafuso ${hp} hp ${brand}`,
        token: `CPF${hp}`,
        description: `Máquina compacta de parafuso ${brand} com secador integrado opcional.`,
        price: 22_000 + hp * between(r, 1_100, 1_500),
      };
    },
  },
  {
    weight: 2,
    brands: ['Metalplan', 'Parker'],
    group: 'refrigeracao',
    unit: 'UN',
    ncm: '84213990',
    stockMax: 6,
    make: (r, brand) => {
      const pcm = pick(r, [20, 30, 50, 75, 100, 150, 200]);
      return {
        name: `Secador por Refrigeração ${pcm} pcm ${brand}`,
        token: `SEC${pcm}`,
        description: `Secador de ar comprimido por refrigeração ${brand} para vazão de ${pcm} pcm.`,
        price: 3_200 + pcm * between(r, 45, 70),
      };
    },
  },
  {
    weight: 3,
    brands: ['Metalplan', 'Parker', 'Festo'],
    group: 'filtrosLinha',
    unit: 'UN',
    ncm: '84213990',
    stockMax: 50,
    make: (r, brand) => {
      const thread = pick(r, ['1/4"', '1/2"', '3/4"', '1"', '1.1/2"', '2"']);
      const grade = pick(r, ['Coalescente', 'Particulado', 'de Carvão Ativado']);
      return {
        name: `Filtro ${grade} ${thread} ${brand}`,
        token: 'FLT',
        description: `Filtro de linha ${grade.toLowerCase()} com rosca ${thread} e dreno automático.`,
        price: between(r, 180, 1_600),
      };
    },
  },
  {
    weight: 3,
    brands: ['WEG'],
    group: 'trifasicos',
    unit: 'UN',
    ncm: '85015220',
    stockMax: 10,
    make: (r) => {
      const cv = pick(r, [1, 2, 3, 5, 7.5, 10, 15, 20, 30, 40, 50]);
      const poles = pick(r, [2, 4, 6]);
      return {
        name: `Motor Elétrico Trifásico W22 IR3 ${String(cv).replace('.', ',')} cv ${poles} polos`,
        token: `W22${String(cv).replace('.', '')}CV`,
        description: `Motor de indução trifásico de alto rendimento IR3, ${poles} polos, 220/380 V.`,
        price: 900 + cv * between(r, 280, 380),
      };
    },
  },
  {
    weight: 3,
    brands: ['Parker'],
    group: 'mangueiras',
    unit: 'M',
    ncm: '40093100',
    stockMax: 500,
    make: (r) => {
      const size = pick(r, ['1/4"', '3/8"', '1/2"', '3/4"', '1"']);
      const kind = pick(r, ['Mangueira Hidráulica', 'Mangueira para Ar Comprimido', 'Tubo de Poliuretano']);
      return {
        name: `${kind} ${size}`,
        token: 'MGR',
        description: `${kind} vendida por metro; pressão de trabalho compatível com redes industriais.`,
        price: between(r, 8, 95),
      };
    },
  },
  {
    weight: 4,
    brands: ['Parker', 'Festo'],
    group: 'conexoes',
    unit: 'PC',
    ncm: '84812090',
    stockMax: 400,
    make: (r, brand) => {
      const kind = pick(r, [
        'Conexão Instantânea Reta',
        'Conexão Instantânea Cotovelo',
        'Engate Rápido',
        'Niple Duplo',
        'Conexão em T',
      ]);
      const size = pick(r, ['4 mm', '6 mm', '8 mm', '10 mm', '12 mm', '1/4"', '3/8"', '1/2"']);
      return {
        name: `${kind} ${size} ${brand}`,
        token: 'CNX',
        description: `${kind} em latão niquelado para tubos de ${size}.`,
        price: between(r, 6, 85),
      };
    },
  },
  {
    weight: 3,
    brands: ['Festo', 'Parker'],
    group: 'cilindros',
    unit: 'UN',
    ncm: '84123110',
    stockMax: 30,
    make: (r, brand) => {
      const bore = pick(r, [20, 25, 32, 40, 50, 63, 80, 100]);
      const stroke = pick(r, [25, 50, 100, 150, 200, 300, 500]);
      return {
        name: `Cilindro Pneumático ${bore} x ${stroke} mm ${brand}`,
        token: `CIL${bore}`,
        description: `Cilindro pneumático de dupla ação ISO 15552 com amortecimento regulável.`,
        price: 260 + bore * between(r, 5, 8) + stroke * 0.9,
      };
    },
  },
  {
    weight: 3,
    brands: ['Festo', 'Parker'],
    group: 'solenoides',
    unit: 'UN',
    ncm: '84818092',
    stockMax: 40,
    make: (r, brand) => {
      const way = pick(r, ['3/2', '5/2', '5/3']);
      const thread = pick(r, ['1/8"', '1/4"', '3/8"', '1/2"']);
      const volts = pick(r, ['24 Vcc', '110 Vca', '220 Vca']);
      return {
        name: `Válvula Solenoide ${way} vias ${thread} ${volts}`,
        token: `VS${way.replace('/', '')}`,
        description: `Válvula solenoide ${brand} ${way} vias, bobina de ${volts}, para automação pneumática.`,
        price: between(r, 180, 1_200),
      };
    },
  },
  {
    weight: 2,
    brands: ['Festo', 'Parker', 'Metalplan'],
    group: 'preparacao',
    unit: 'UN',
    ncm: '84213990',
    stockMax: 30,
    make: (r, brand) => {
      const thread = pick(r, ['1/4"', '3/8"', '1/2"', '3/4"']);
      return {
        name: `Unidade de Conservação Filtro-Regulador-Lubrificador ${thread}`,
        token: 'FRL',
        description: `Conjunto FRL ${brand} com manômetro para regulagem de pressão no ponto de uso.`,
        price: between(r, 220, 980),
      };
    },
  },
  {
    weight: 4,
    brands: ['SKF'],
    group: 'esferas',
    unit: 'PC',
    ncm: '84821010',
    stockMax: 300,
    make: (r) => {
      const ref = pick(r, ['6203', '6204', '6205', '6206', '6305', '6308', '6310', '6312', '7310 BEP', 'NU 310 ECP']);
      const seal = ref.includes(' ') ? '' : pick(r, ['-2RS1', '-2Z', '']);
      return {
        name: `Rolamento ${ref}${seal}`,
        token: `ROL${ref.replace(/[^0-9]/g, '')}`,
        description: `Rolamento SKF ${ref}${seal} para motores e unidades compressoras.`,
        price: between(r, 25, 780),
      };
    },
  },
  {
    weight: 1,
    brands: ['SKF'],
    group: 'graxas',
    unit: 'KG',
    ncm: '27101932',
    stockMax: 200,
    make: (r) => ({
      name: `Graxa Lubrificante ${pick(r, ['LGMT 2', 'LGHP 2', 'LGEP 2'])} para Rolamentos`,
      token: 'GRX',
      description: 'Graxa para rolamentos vendida por quilo.',
      price: between(r, 70, 160),
    }),
  },
  {
    weight: 2,
    brands: ['Schulz', 'Wayne', 'Chiaperini'],
    group: 'pecasPistao',
    unit: 'PC',
    ncm: '84149039',
    stockMax: 80,
    make: (r, brand) => {
      const part = pick(r, [
        'Válvula de Retenção',
        'Pressostato',
        'Manômetro',
        'Kit de Anéis do Pistão',
        'Correia em V',
        'Válvula de Segurança',
      ]);
      return {
        name: `${part} para Compressor de Pistão ${brand}`,
        token: 'PCA',
        description: `${part} de reposição para compressores de pistão ${brand}; pressão máxima de 175 lbf/pol².`,
        price: between(r, 35, 620),
      };
    },
  },
];
