/**
 * Parts for synthetic company and bank names. Every combination is invented; legal forms are the real
 * ones of each country (Ley General de Sociedades Mercantiles in Mexico; state LLC and corporation
 * statutes in the U.S.).
 */

/** Which kind of business a network's companies are in; capability layers may add sectors. */
export type Sector = 'trade' | 'logistics' | 'finance' | 'realEstate' | 'construction' | 'agro' | 'retail' | 'firearms' | 'chemicals' | 'food';

export interface LegalForm { suffix: string; name: string; weight: number }

export const MX_LEGAL_FORMS: LegalForm[] = [
  { suffix: 'S.A. de C.V.', name: 'Sociedad Anónima de Capital Variable', weight: 55 },
  { suffix: 'S. de R.L. de C.V.', name: 'Sociedad de Responsabilidad Limitada de Capital Variable', weight: 30 },
  { suffix: 'S.A.P.I. de C.V.', name: 'Sociedad Anónima Promotora de Inversión de Capital Variable', weight: 8 },
  { suffix: 'S.C.', name: 'Sociedad Civil', weight: 4 },
  { suffix: 'S.A.S.', name: 'Sociedad por Acciones Simplificada', weight: 3 },
];

export const US_LEGAL_FORMS: LegalForm[] = [
  { suffix: 'LLC', name: 'Limited Liability Company', weight: 55 },
  { suffix: 'Inc.', name: 'Corporation', weight: 33 },
  { suffix: 'Corp.', name: 'Corporation', weight: 6 },
  { suffix: 'L.P.', name: 'Limited Partnership', weight: 6 },
];

/** Spanish business words by sector ("Comercializadora", "Transportes"…). */
export const MX_BUSINESS: Record<Sector, readonly string[]> = {
  trade: ['Comercializadora', 'Distribuidora', 'Importadora', 'Exportadora', 'Grupo Comercial', 'Abastecedora'],
  logistics: ['Transportes', 'Logística', 'Fletes y Mudanzas', 'Autotransportes', 'Agencia Aduanal', 'Servicios Logísticos'],
  finance: ['Casa de Cambio', 'Inversiones', 'Consultores Financieros', 'Grupo Empresarial', 'Administradora', 'Servicios Corporativos'],
  realEstate: ['Inmobiliaria', 'Desarrollos Inmobiliarios', 'Bienes Raíces', 'Arrendadora'],
  construction: ['Constructora', 'Grupo Constructor', 'Materiales y Construcciones', 'Edificaciones'],
  agro: ['Agropecuaria', 'Agrícola', 'Ganadera', 'Productos del Campo', 'Empacadora de Aguacate'],
  retail: ['Abarrotes', 'Autolavado', 'Mueblería', 'Joyería', 'Refaccionaria', 'Boutique'],
  firearms: ['Club de Caza y Tiro', 'Armería Deportiva'],
  chemicals: ['Química', 'Productos Químicos', 'Farmacéutica', 'Laboratorios'],
  food: ['Restaurantes', 'Mariscos', 'Tortillería', 'Alimentos Procesados', 'Taquerías'],
};

/** Trailing words that make a Spanish company name ("del Norte", "Sierra Madre"…); invented combinations. */
export const MX_NAME_TAILS = [
  'del Norte', 'del Pacífico', 'del Bajío', 'del Golfo', 'de la Frontera', 'Sierra Madre', 'Río Bravo', 'Azteca',
  'Maya', 'Tres Ríos', 'Valle Verde', 'Las Águilas', 'San Miguel', 'Santa Fe', 'El Faro', 'La Esperanza', 'Cumbres',
  'Altiplano', 'Occidente', 'Internacional', 'Integral', 'Peninsular', 'Huasteca', 'Tarahumara', 'Cañón del Sumidero',
  'Nuevo Milenio', 'Horizonte', 'Mar de Cortés', 'Los Altos', 'Anáhuac',
] as const;

export const US_BUSINESS: Record<Sector, readonly string[]> = {
  trade: ['Trading', 'Imports', 'Distributors', 'Wholesale', 'International Trade', 'Supply'],
  logistics: ['Logistics', 'Freight', 'Transport', 'Trucking', 'Customs Brokerage', 'Cargo Solutions'],
  finance: ['Capital', 'Holdings', 'Financial Services', 'Investments', 'Money Services', 'Ventures'],
  realEstate: ['Properties', 'Realty', 'Real Estate Partners', 'Land Holdings'],
  construction: ['Construction', 'Builders', 'Contracting', 'Concrete'],
  agro: ['Produce', 'Farms', 'Growers', 'Ag Supply'],
  retail: ['Auto Sales', 'Pawn & Jewelry', 'Car Wash', 'Furniture', 'Electronics'],
  firearms: ['Outdoor Sports', 'Firearms', 'Guns & Ammo', 'Sporting Goods', 'Shooting Range', 'Pawn & Gun'],
  chemicals: ['Chemical', 'Pharma Supply', 'Labs', 'Industrial Solvents'],
  food: ['Restaurant Group', 'Foods', 'Taqueria', 'Catering'],
};

export const US_NAME_HEADS = [
  'Lone Star', 'Rio Grande', 'Desert Sun', 'Sun Valley', 'Pacific', 'Summit', 'Frontier', 'Gateway', 'Southwest',
  'Mesa', 'Eagle', 'Pioneer', 'Sierra', 'Border', 'Coastal', 'Red Rock', 'Blue Ridge', 'Great Plains', 'Golden State',
  'Canyon', 'Gulf Coast', 'Bluebonnet', 'Saguaro', 'Tri-State', 'Crossroads', 'Liberty', 'Keystone', 'Silver Creek',
] as const;

export interface BankDef { name: string; country: 'MX' | 'US'; code: string; weight: number }
/**
 * Fictional banks (no real institution). `code` fills the first three digits of a CLABE for Mexican banks;
 * the 6xx range is used so that no synthetic CLABE starts with a real bank's ABM code.
 */
export const BANKS: BankDef[] = [
  { name: 'Banco Sierra Madre', country: 'MX', code: '601', weight: 5 },
  { name: 'Banco Río Bravo', country: 'MX', code: '602', weight: 4 },
  { name: 'Financiera del Tepeyac', country: 'MX', code: '603', weight: 2 },
  { name: 'Banco Cumbres del Norte', country: 'MX', code: '604', weight: 3 },
  { name: 'Banco Altiplano', country: 'MX', code: '605', weight: 2 },
  { name: 'Banco Costa Pacífico', country: 'MX', code: '606', weight: 2 },
  { name: 'Casa de Cambio Puerta Norte', country: 'MX', code: '607', weight: 1 },
  { name: 'Lone Star Community Bank', country: 'US', code: '', weight: 4 },
  { name: 'Desert Sun Bank', country: 'US', code: '', weight: 3 },
  { name: 'Gulf Coast Federal Credit Union', country: 'US', code: '', weight: 2 },
  { name: 'Pacific Frontier Bank', country: 'US', code: '', weight: 3 },
  { name: 'Mesa Valley Savings', country: 'US', code: '', weight: 2 },
  { name: 'First Borderland Bank', country: 'US', code: '', weight: 3 },
  { name: 'Crossroads Money Transfer', country: 'US', code: '', weight: 1 },
];

export const MX_DIRECTOR_ROLES: ReadonlyArray<readonly [string, number]> = [
  ['Administrador Único', 35], ['Presidente del Consejo de Administración', 12], ['Gerente General', 20],
  ['Apoderado Legal', 15], ['Comisario', 8], ['Secretario del Consejo', 5], ['Consejero', 5],
];
export const US_DIRECTOR_ROLES: ReadonlyArray<readonly [string, number]> = [
  ['Managing Member', 30], ['President', 20], ['Chief Executive Officer', 10], ['Director', 15],
  ['Secretary', 8], ['Treasurer', 5], ['Registered Agent', 7], ['Manager', 5],
];
