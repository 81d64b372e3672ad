/**
 * Places for synthetic addresses: real state names and real municipalities/cities (public geography),
 * weighted towards the border and the large metropolitan areas; streets and numbers are synthetic.
 * Postal codes: the real leading digits of each place (Mexico: 2-digit state/municipality prefix of the
 * 5-digit código postal; U.S.: 3-digit ZIP prefix), followed by random digits.
 */

export interface MxPlace { city: string; cp: string; weight: number; border?: boolean }
export interface MxState { name: string; abbr: string; curp: string; weight: number; places: MxPlace[] }

/** `curp` is the RENAPO two-letter code of the state of birth used in positions 12–13 of a CURP. */
export const MX_STATES: MxState[] = [
  { name: 'Baja California', abbr: 'B.C.', curp: 'BC', weight: 6, places: [
    { city: 'Tijuana', cp: '22', weight: 6, border: true }, { city: 'Mexicali', cp: '21', weight: 3, border: true },
    { city: 'Ensenada', cp: '22', weight: 1 }, { city: 'Tecate', cp: '21', weight: 0.5, border: true }] },
  { name: 'Sonora', abbr: 'Son.', curp: 'SR', weight: 4, places: [
    { city: 'Hermosillo', cp: '83', weight: 4 }, { city: 'Heroica Nogales', cp: '84', weight: 2, border: true },
    { city: 'San Luis Río Colorado', cp: '83', weight: 1, border: true }, { city: 'Agua Prieta', cp: '84', weight: 0.6, border: true },
    { city: 'Ciudad Obregón', cp: '85', weight: 1.5 }] },
  { name: 'Chihuahua', abbr: 'Chih.', curp: 'CH', weight: 6, places: [
    { city: 'Ciudad Juárez', cp: '32', weight: 6, border: true }, { city: 'Chihuahua', cp: '31', weight: 4 },
    { city: 'Ojinaga', cp: '32', weight: 0.3, border: true }, { city: 'Delicias', cp: '33', weight: 0.6 }] },
  { name: 'Coahuila de Zaragoza', abbr: 'Coah.', curp: 'CL', weight: 4, places: [
    { city: 'Saltillo', cp: '25', weight: 3 }, { city: 'Torreón', cp: '27', weight: 3 },
    { city: 'Piedras Negras', cp: '26', weight: 1, border: true }, { city: 'Ciudad Acuña', cp: '26', weight: 0.8, border: true }] },
  { name: 'Nuevo León', abbr: 'N.L.', curp: 'NL', weight: 7, places: [
    { city: 'Monterrey', cp: '64', weight: 5 }, { city: 'Guadalupe', cp: '67', weight: 2 },
    { city: 'San Nicolás de los Garza', cp: '66', weight: 2 }, { city: 'Apodaca', cp: '66', weight: 1.5 },
    { city: 'San Pedro Garza García', cp: '66', weight: 0.6 }] },
  { name: 'Tamaulipas', abbr: 'Tamps.', curp: 'TS', weight: 5, places: [
    { city: 'Reynosa', cp: '88', weight: 3, border: true }, { city: 'Nuevo Laredo', cp: '88', weight: 2, border: true },
    { city: 'Heroica Matamoros', cp: '87', weight: 2, border: true }, { city: 'Tampico', cp: '89', weight: 1.5 },
    { city: 'Ciudad Victoria', cp: '87', weight: 1 }] },
  { name: 'Sinaloa', abbr: 'Sin.', curp: 'SL', weight: 4, places: [
    { city: 'Culiacán', cp: '80', weight: 4 }, { city: 'Mazatlán', cp: '82', weight: 2 }, { city: 'Los Mochis', cp: '81', weight: 1.5 },
    { city: 'Guasave', cp: '81', weight: 0.6 }] },
  { name: 'Jalisco', abbr: 'Jal.', curp: 'JC', weight: 8, places: [
    { city: 'Guadalajara', cp: '44', weight: 5 }, { city: 'Zapopan', cp: '45', weight: 4 },
    { city: 'San Pedro Tlaquepaque', cp: '45', weight: 2 }, { city: 'Tlajomulco de Zúñiga', cp: '45', weight: 1.5 },
    { city: 'Puerto Vallarta', cp: '48', weight: 1 }] },
  { name: 'Ciudad de México', abbr: 'CDMX', curp: 'DF', weight: 10, places: [
    { city: 'Cuauhtémoc', cp: '06', weight: 2 }, { city: 'Benito Juárez', cp: '03', weight: 1.5 },
    { city: 'Iztapalapa', cp: '09', weight: 3 }, { city: 'Gustavo A. Madero', cp: '07', weight: 2.5 },
    { city: 'Coyoacán', cp: '04', weight: 1.5 }, { city: 'Miguel Hidalgo', cp: '11', weight: 1 },
    { city: 'Álvaro Obregón', cp: '01', weight: 1.5 }, { city: 'Tlalpan', cp: '14', weight: 1.2 }] },
  { name: 'México', abbr: 'Méx.', curp: 'MC', weight: 10, places: [
    { city: 'Ecatepec de Morelos', cp: '55', weight: 4 }, { city: 'Nezahualcóyotl', cp: '57', weight: 2.5 },
    { city: 'Naucalpan de Juárez', cp: '53', weight: 2 }, { city: 'Toluca de Lerdo', cp: '50', weight: 2 },
    { city: 'Tlalnepantla de Baz', cp: '54', weight: 1.5 }, { city: 'Chimalhuacán', cp: '56', weight: 1 }] },
  { name: 'Michoacán de Ocampo', abbr: 'Mich.', curp: 'MN', weight: 4, places: [
    { city: 'Morelia', cp: '58', weight: 3 }, { city: 'Uruapan', cp: '60', weight: 1.5 },
    { city: 'Lázaro Cárdenas', cp: '60', weight: 0.8 }, { city: 'Apatzingán', cp: '60', weight: 0.6 },
    { city: 'Zamora', cp: '59', weight: 0.8 }] },
  { name: 'Guerrero', abbr: 'Gro.', curp: 'GR', weight: 3, places: [
    { city: 'Acapulco de Juárez', cp: '39', weight: 3 }, { city: 'Chilpancingo de los Bravo', cp: '39', weight: 1.2 },
    { city: 'Iguala de la Independencia', cp: '40', weight: 0.8 }] },
  { name: 'Guanajuato', abbr: 'Gto.', curp: 'GT', weight: 6, places: [
    { city: 'León', cp: '37', weight: 4 }, { city: 'Irapuato', cp: '36', weight: 1.5 }, { city: 'Celaya', cp: '38', weight: 1.5 },
    { city: 'Salamanca', cp: '36', weight: 0.8 }] },
  { name: 'Querétaro', abbr: 'Qro.', curp: 'QT', weight: 2.5, places: [
    { city: 'Santiago de Querétaro', cp: '76', weight: 3 }, { city: 'San Juan del Río', cp: '76', weight: 0.8 }] },
  { name: 'Puebla', abbr: 'Pue.', curp: 'PL', weight: 5, places: [
    { city: 'Heroica Puebla de Zaragoza', cp: '72', weight: 4 }, { city: 'Tehuacán', cp: '75', weight: 1 }] },
  { name: 'Veracruz de Ignacio de la Llave', abbr: 'Ver.', curp: 'VZ', weight: 6, places: [
    { city: 'Veracruz', cp: '91', weight: 2 }, { city: 'Xalapa-Enríquez', cp: '91', weight: 1.5 },
    { city: 'Coatzacoalcos', cp: '96', weight: 1 }, { city: 'Poza Rica de Hidalgo', cp: '93', weight: 0.8 }] },
  { name: 'Quintana Roo', abbr: 'Q. Roo', curp: 'QR', weight: 2, places: [
    { city: 'Cancún', cp: '77', weight: 3 }, { city: 'Chetumal', cp: '77', weight: 1 }, { city: 'Playa del Carmen', cp: '77', weight: 1 }] },
  { name: 'Yucatán', abbr: 'Yuc.', curp: 'YN', weight: 2, places: [{ city: 'Mérida', cp: '97', weight: 1 }] },
  { name: 'Oaxaca', abbr: 'Oax.', curp: 'OC', weight: 2.5, places: [
    { city: 'Oaxaca de Juárez', cp: '68', weight: 2 }, { city: 'Juchitán de Zaragoza', cp: '70', weight: 0.6 },
    { city: 'Salina Cruz', cp: '70', weight: 0.4 }] },
  { name: 'Chiapas', abbr: 'Chis.', curp: 'CS', weight: 3, places: [
    { city: 'Tuxtla Gutiérrez', cp: '29', weight: 2 }, { city: 'Tapachula de Córdova y Ordóñez', cp: '30', weight: 1.2 },
    { city: 'San Cristóbal de las Casas', cp: '29', weight: 0.8 }] },
  { name: 'Zacatecas', abbr: 'Zac.', curp: 'ZS', weight: 1.5, places: [
    { city: 'Zacatecas', cp: '98', weight: 1 }, { city: 'Fresnillo', cp: '99', weight: 1 }] },
  { name: 'San Luis Potosí', abbr: 'S.L.P.', curp: 'SP', weight: 2, places: [
    { city: 'San Luis Potosí', cp: '78', weight: 3 }, { city: 'Ciudad Valles', cp: '79', weight: 0.7 }] },
  { name: 'Durango', abbr: 'Dgo.', curp: 'DG', weight: 1.5, places: [
    { city: 'Victoria de Durango', cp: '34', weight: 2 }, { city: 'Gómez Palacio', cp: '35', weight: 1 }] },
  { name: 'Aguascalientes', abbr: 'Ags.', curp: 'AS', weight: 1.2, places: [{ city: 'Aguascalientes', cp: '20', weight: 1 }] },
  { name: 'Tabasco', abbr: 'Tab.', curp: 'TC', weight: 2, places: [{ city: 'Villahermosa', cp: '86', weight: 1 }, { city: 'Cárdenas', cp: '86', weight: 0.4 }] },
  { name: 'Morelos', abbr: 'Mor.', curp: 'MS', weight: 1.5, places: [{ city: 'Cuernavaca', cp: '62', weight: 2 }, { city: 'Cuautla', cp: '62', weight: 1 }] },
  { name: 'Hidalgo', abbr: 'Hgo.', curp: 'HG', weight: 2, places: [{ city: 'Pachuca de Soto', cp: '42', weight: 2 }, { city: 'Tulancingo de Bravo', cp: '43', weight: 0.8 }] },
];

export interface UsPlace { city: string; zip: string; weight: number; border?: boolean }
export interface UsState { name: string; abbr: string; weight: number; places: UsPlace[] }

export const US_STATES: UsState[] = [
  { name: 'California', abbr: 'CA', weight: 12, places: [
    { city: 'San Diego', zip: '921', weight: 3 }, { city: 'Chula Vista', zip: '919', weight: 1.5 },
    { city: 'San Ysidro', zip: '921', weight: 0.8, border: true }, { city: 'Calexico', zip: '922', weight: 0.8, border: true },
    { city: 'El Centro', zip: '922', weight: 0.6 }, { city: 'Los Angeles', zip: '900', weight: 5 },
    { city: 'Santa Ana', zip: '927', weight: 1.5 }, { city: 'Fresno', zip: '937', weight: 1.2 }] },
  { name: 'Arizona', abbr: 'AZ', weight: 5, places: [
    { city: 'Phoenix', zip: '850', weight: 4 }, { city: 'Tucson', zip: '857', weight: 2.5 },
    { city: 'Nogales', zip: '856', weight: 0.8, border: true }, { city: 'Yuma', zip: '853', weight: 1, border: true },
    { city: 'Douglas', zip: '856', weight: 0.4, border: true }] },
  { name: 'New Mexico', abbr: 'NM', weight: 2, places: [
    { city: 'Albuquerque', zip: '871', weight: 3 }, { city: 'Las Cruces', zip: '880', weight: 1.5 },
    { city: 'Columbus', zip: '880', weight: 0.2, border: true }, { city: 'Sunland Park', zip: '880', weight: 0.4, border: true }] },
  { name: 'Texas', abbr: 'TX', weight: 14, places: [
    { city: 'El Paso', zip: '799', weight: 3, border: true }, { city: 'Laredo', zip: '780', weight: 2.5, border: true },
    { city: 'McAllen', zip: '785', weight: 2, border: true }, { city: 'Brownsville', zip: '785', weight: 2, border: true },
    { city: 'Eagle Pass', zip: '788', weight: 0.8, border: true }, { city: 'Del Rio', zip: '788', weight: 0.6, border: true },
    { city: 'San Antonio', zip: '782', weight: 4 }, { city: 'Houston', zip: '770', weight: 5 },
    { city: 'Dallas', zip: '752', weight: 4 }, { city: 'Austin', zip: '787', weight: 2 }] },
  { name: 'Illinois', abbr: 'IL', weight: 3, places: [{ city: 'Chicago', zip: '606', weight: 4 }, { city: 'Cicero', zip: '608', weight: 0.5 }] },
  { name: 'Georgia', abbr: 'GA', weight: 2, places: [{ city: 'Atlanta', zip: '303', weight: 3 }, { city: 'Dalton', zip: '307', weight: 0.5 }] },
  { name: 'Colorado', abbr: 'CO', weight: 1.5, places: [{ city: 'Denver', zip: '802', weight: 3 }, { city: 'Aurora', zip: '800', weight: 1 }] },
  { name: 'Nevada', abbr: 'NV', weight: 1.5, places: [{ city: 'Las Vegas', zip: '891', weight: 3 }, { city: 'Reno', zip: '895', weight: 1 }] },
  { name: 'Florida', abbr: 'FL', weight: 3, places: [{ city: 'Miami', zip: '331', weight: 3 }, { city: 'Orlando', zip: '328', weight: 1.5 }, { city: 'Tampa', zip: '336', weight: 1 }] },
  { name: 'New York', abbr: 'NY', weight: 3, places: [{ city: 'New York', zip: '100', weight: 4 }, { city: 'Bronx', zip: '104', weight: 1.5 }] },
  { name: 'North Carolina', abbr: 'NC', weight: 1.5, places: [{ city: 'Charlotte', zip: '282', weight: 2 }, { city: 'Raleigh', zip: '276', weight: 1 }] },
  { name: 'Washington', abbr: 'WA', weight: 1.5, places: [{ city: 'Seattle', zip: '981', weight: 2 }, { city: 'Yakima', zip: '989', weight: 0.5 }] },
];

/** Street names common to almost every Mexican town (national heroes, dates, trees, flowers). */
export const MX_STREET_NAMES = [
  'Hidalgo', 'Morelos', 'Juárez', 'Zaragoza', 'Allende', 'Guerrero', 'Madero', 'Obregón', 'Reforma', 'Independencia',
  '5 de Mayo', '16 de Septiembre', '20 de Noviembre', 'Insurgentes', 'Revolución', 'Constitución', 'Benito Juárez',
  'Venustiano Carranza', 'Emiliano Zapata', 'Francisco Villa', 'Lázaro Cárdenas', 'Niños Héroes', 'Aldama',
  'Matamoros', 'Galeana', 'Nicolás Bravo', 'Libertad', 'de los Pinos', 'Fresno', 'Jacarandas', 'Girasoles',
  'Bugambilias', 'Roble', 'Cedro', 'Nogal', 'Olivo', 'Sor Juana Inés de la Cruz', 'Josefa Ortiz de Domínguez',
  'Leona Vicario', 'Cuauhtémoc', 'Netzahualcóyotl', 'Río Bravo', 'Río Nazas', 'Pípila', 'Ignacio Ramírez',
] as const;
export const MX_STREET_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['Calle', 60], ['Av.', 25], ['Blvd.', 7], ['Privada', 5], ['Callejón', 3],
];
export const MX_COLONIAS = [
  'Centro', 'Del Valle', 'Las Flores', 'Lomas del Valle', 'Jardines del Sol', 'Industrial', 'Obrera', 'Moderna',
  'San José', 'Santa María', 'Guadalupe', 'La Joya', 'Los Pinos', 'Buenavista', 'El Mirador', 'Las Palmas',
  'Villa Verde', 'Nueva Esperanza', 'Revolución', 'Hidalgo', 'Insurgentes', 'Lomas de San Miguel', 'Valle Dorado',
  'Las Américas', 'Residencial del Parque', 'Infonavit Los Álamos', 'Ampliación Morelos', 'San Felipe de Jesús',
  'Loma Bonita', 'Campestre', 'Progreso', 'Ejidal', 'Benito Juárez', 'Emiliano Zapata', 'Año de Juárez',
] as const;

export const US_STREET_NAMES = [
  'Main', 'Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Washington', 'Lincoln', 'Park', 'Lake', 'Hill', 'Sunset', 'Mesa',
  'Palm', 'Mission', 'Rio Grande', 'Alamo', 'Cactus', 'Desert Willow', 'Mesquite', 'Juniper', 'Ridge', 'Valley',
  'Franklin', 'Jefferson', 'Madison', 'Highland', 'Lakeview', 'Cottonwood', 'Sierra Vista', 'Canyon', 'Prairie',
  'Magnolia', 'Willow', 'Church', 'Mill', 'Spring', 'Chestnut', 'Riverside', 'Santa Fe', 'Paseo del Norte',
] as const;
export const US_STREET_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['St', 30], ['Ave', 25], ['Dr', 15], ['Rd', 12], ['Blvd', 6], ['Ln', 6], ['Way', 4], ['Ct', 2],
];
