/**
 * Mexican given names and surnames, weighted roughly like their frequency in Mexico.
 * Written for Puente from general knowledge of which names are common (orders of magnitude,
 * not census counts); no data file was copied. Weights are relative, not percentages.
 *
 * Mexican naming: one or two given names (compound names such as "José Luis" or "María Guadalupe"
 * are very common, and "María"/"José" often open a compound), then the paternal surname
 * (apellido paterno) and the maternal surname (apellido materno). A child takes the father's
 * paternal and the mother's paternal surname; a married woman keeps her own.
 */

/** Male given names used alone. */
export const MX_MALE_GIVEN: ReadonlyArray<readonly [string, number]> = [
  ['Juan', 40], ['José', 36], ['Luis', 30], ['Carlos', 30], ['Jesús', 28], ['Miguel', 25], ['Francisco', 25],
  ['Jorge', 25], ['Alejandro', 25], ['Antonio', 20], ['Pedro', 15], ['Manuel', 15], ['Fernando', 15],
  ['Ricardo', 15], ['Javier', 15], ['Roberto', 15], ['Eduardo', 15], ['Daniel', 15], ['Rafael', 12],
  ['Sergio', 12], ['Mario', 12], ['Arturo', 12], ['Raúl', 11], ['Martín', 11], ['Alberto', 10], ['Héctor', 10],
  ['Enrique', 10], ['Óscar', 10], ['Alfredo', 8], ['Gerardo', 8], ['Ángel', 8], ['Víctor', 8], ['Ramón', 8],
  ['Guillermo', 7], ['Salvador', 7], ['Rubén', 7], ['Hugo', 6], ['Gabriel', 6], ['Diego', 8], ['David', 8],
  ['Andrés', 6], ['Ignacio', 5], ['Julio', 6], ['Gustavo', 5], ['Adrián', 6], ['Armando', 6], ['Rodrigo', 5],
  ['Emilio', 4], ['Santiago', 6], ['Sebastián', 6], ['Mateo', 4], ['Leonardo', 5], ['Iván', 5], ['Joaquín', 3],
  ['Agustín', 3], ['Ernesto', 4], ['Felipe', 4], ['Gilberto', 3], ['Israel', 4], ['Jaime', 4], ['Lorenzo', 2],
  ['Moisés', 3], ['Ulises', 2], ['Efraín', 2], ['Noé', 2], ['Octavio', 3], ['Rogelio', 3], ['Saúl', 3],
  ['Tomás', 3], ['Valentín', 2], ['Abraham', 3], ['Benjamín', 2], ['Cristian', 3], ['Édgar', 4], ['Erick', 3],
  ['Fabián', 2], ['Germán', 2], ['Humberto', 3], ['Isaac', 2], ['Josué', 2], ['Osvaldo', 2], ['Pablo', 4],
  ['Alan', 3], ['Omar', 4], ['Marco', 3], ['Emmanuel', 3], ['Alonso', 2], ['Bernardo', 2], ['Ezequiel', 1],
];

/** Compound male given names, as written (first token = firstName, rest = secondName). */
export const MX_MALE_COMPOUND: ReadonlyArray<readonly [string, number]> = [
  ['José Luis', 30], ['Juan Carlos', 20], ['Miguel Ángel', 20], ['José Antonio', 15], ['Francisco Javier', 12],
  ['Luis Fernando', 10], ['Juan Manuel', 10], ['José Manuel', 10], ['Marco Antonio', 10], ['Víctor Manuel', 8],
  ['José de Jesús', 8], ['Juan Pablo', 8], ['José Guadalupe', 6], ['Jorge Luis', 6], ['Carlos Alberto', 6],
  ['Juan José', 6], ['Jesús Alberto', 5], ['José Alfredo', 5], ['Luis Ángel', 5], ['José Francisco', 5],
  ['Luis Alberto', 5], ['Juan Antonio', 5], ['José Ángel', 5], ['José Eduardo', 4], ['José Alberto', 4],
  ['Luis Enrique', 4], ['José Carlos', 3], ['José María', 3], ['Juan Ramón', 3], ['José Ramón', 3],
  ['Jesús Manuel', 3], ['Óscar Iván', 2], ['Ángel Gabriel', 2], ['Luis Miguel', 3], ['Juan Diego', 2],
  ['José Armando', 2], ['Carlos Eduardo', 2], ['José Refugio', 1],
];

export const MX_FEMALE_GIVEN: ReadonlyArray<readonly [string, number]> = [
  ['María', 30], ['Guadalupe', 20], ['Juana', 15], ['Margarita', 15], ['Verónica', 15], ['Leticia', 15],
  ['Rosa', 12], ['Patricia', 15], ['Elizabeth', 12], ['Alejandra', 15], ['Gabriela', 15], ['Adriana', 13],
  ['Silvia', 12], ['Claudia', 13], ['Martha', 12], ['Teresa', 10], ['Laura', 12], ['Ana', 12], ['Mónica', 10],
  ['Araceli', 8], ['Yolanda', 8], ['Sandra', 10], ['Alicia', 8], ['Norma', 8], ['Josefina', 7], ['Lucía', 6],
  ['Gloria', 6], ['Irma', 6], ['Sofía', 8], ['Ximena', 6], ['Valeria', 7], ['Camila', 6], ['Regina', 5],
  ['Fernanda', 7], ['Daniela', 9], ['Andrea', 8], ['Mariana', 8], ['Paola', 7], ['Karla', 7], ['Diana', 7],
  ['Brenda', 6], ['Fabiola', 4], ['Lourdes', 6], ['Beatriz', 6], ['Rocío', 6], ['Carmen', 7], ['Isabel', 6],
  ['Esperanza', 5], ['Elena', 4], ['Angélica', 6], ['Érika', 6], ['Liliana', 6], ['Miriam', 5], ['Nancy', 5],
  ['Susana', 5], ['Itzel', 4], ['Citlali', 3], ['Xóchitl', 2], ['Renata', 4], ['Valentina', 5], ['Victoria', 4],
  ['Natalia', 5], ['Jimena', 5], ['Montserrat', 4], ['Dulce', 4], ['Estefanía', 4], ['Concepción', 4],
  ['Socorro', 3], ['Cecilia', 4], ['Julia', 4], ['Raquel', 3], ['Berenice', 3], ['Perla', 3], ['Yesenia', 4],
  ['Maribel', 4], ['Marisol', 4], ['Viridiana', 3], ['Azucena', 2], ['Reyna', 2], ['Noemí', 2], ['Begoña', 1],
];

export const MX_FEMALE_COMPOUND: ReadonlyArray<readonly [string, number]> = [
  ['María Guadalupe', 30], ['María del Carmen', 15], ['María Fernanda', 10], ['Ana María', 10],
  ['María Elena', 10], ['María de los Ángeles', 8], ['María José', 8], ['Rosa María', 8], ['María Isabel', 7],
  ['María Teresa', 7], ['María Luisa', 7], ['María de Lourdes', 7], ['María Eugenia', 5], ['Luz María', 5],
  ['María Concepción', 5], ['María del Rosario', 5], ['María de Jesús', 5], ['Martha Patricia', 4],
  ['Ana Laura', 4], ['Ana Karen', 4], ['Ana Sofía', 4], ['María Cristina', 4], ['María Dolores', 3],
  ['Laura Elena', 3], ['Diana Laura', 3], ['María Alejandra', 3], ['Ana Paola', 3], ['María Magdalena', 3],
  ['Blanca Estela', 3], ['Sandra Luz', 2], ['Claudia Ivonne', 2], ['Perla Guadalupe', 2], ['María Inés', 2],
];

/** Share of people with a compound given name (order of magnitude seen in Mexican registers). */
export const MX_COMPOUND_SHARE = 0.38;

export const MX_SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['Hernández', 59], ['García', 44], ['Martínez', 41], ['López', 37], ['González', 36], ['Pérez', 26],
  ['Rodríguez', 26], ['Sánchez', 25], ['Ramírez', 23], ['Cruz', 17], ['Flores', 15], ['Gómez', 15],
  ['Morales', 12], ['Vázquez', 12], ['Reyes', 12], ['Jiménez', 11], ['Torres', 11], ['Díaz', 11],
  ['Gutiérrez', 11], ['Ruiz', 10], ['Mendoza', 10], ['Aguilar', 10], ['Ortiz', 9], ['Moreno', 9],
  ['Castillo', 9], ['Romero', 9], ['Álvarez', 8], ['Méndez', 8], ['Chávez', 8], ['Rivera', 8], ['Juárez', 8],
  ['Ramos', 7], ['Domínguez', 7], ['Herrera', 7], ['Medina', 7], ['Castro', 6], ['Vargas', 6], ['Guzmán', 6],
  ['Velázquez', 6], ['Muñoz', 6], ['Rojas', 5], ['de la Cruz', 5], ['Contreras', 5], ['Salazar', 5],
  ['Luna', 5], ['Ortega', 5], ['Santiago', 5], ['Guerrero', 5], ['Estrada', 5], ['Bautista', 4],
  ['Cortés', 4], ['Soto', 4], ['Alvarado', 4], ['Espinoza', 4], ['Lara', 4], ['Ávila', 4], ['Ríos', 4],
  ['Cervantes', 4], ['Silva', 4], ['Delgado', 4], ['Vega', 4], ['Márquez', 4], ['Sandoval', 4],
  ['Fernández', 4], ['León', 3], ['Carrillo', 3], ['Mejía', 3], ['Solís', 3], ['Núñez', 3], ['Rosas', 3],
  ['Valdez', 3], ['Ibarra', 3], ['Campos', 3], ['Santos', 3], ['Camacho', 3], ['Navarro', 3], ['Peña', 3],
  ['Maldonado', 3], ['Rosales', 3], ['Acosta', 3], ['Miranda', 3], ['Trejo', 3], ['Cabrera', 3],
  ['Valencia', 3], ['Nava', 3], ['Castañeda', 3], ['Pacheco', 3], ['Robles', 3], ['Molina', 3],
  ['Rangel', 2.5], ['Fuentes', 2.5], ['Huerta', 2.5], ['Padilla', 2.5], ['Espinosa', 2.5], ['Cárdenas', 2.5],
  ['Orozco', 2.5], ['Salinas', 2.5], ['Garza', 2], ['Valenzuela', 2], ['Zúñiga', 2], ['Ochoa', 2], ['Villa', 2],
  ['Montes', 2], ['Ayala', 2], ['Meza', 2], ['Beltrán', 2], ['Serrano', 2], ['Quintero', 2], ['Gallegos', 2],
  ['Zamora', 2], ['Duarte', 2], ['Arellano', 2], ['Tapia', 2], ['Olvera', 2], ['Barrera', 2], ['Osorio', 2],
  ['Galván', 2], ['Villanueva', 2], ['Benítez', 2], ['Sosa', 2], ['Lozano', 2], ['Figueroa', 2],
  ['Calderón', 2], ['Escobar', 1.5], ['Treviño', 1.5], ['Leyva', 1.5], ['Magaña', 1.5], ['Yáñez', 1.5],
  ['Montoya', 1.5], ['Zavala', 1.5], ['Coronado', 1.5], ['Cisneros', 1.5], ['Bravo', 1.5], ['Quiroz', 1.5],
  ['Cano', 1.5], ['Palacios', 1.5], ['Pineda', 1.5], ['Téllez', 1.5], ['Arroyo', 1.5], ['Zapata', 1.5],
  ['Cuevas', 1.5], ['Ponce', 1.5], ['Esquivel', 1.5], ['Ibáñez', 1], ['Ordóñez', 1], ['Muñiz', 1],
  ['Avendaño', 1], ['Carmona', 1], ['Tovar', 1], ['Ocampo', 1], ['del Ángel', 1], ['Bañuelos', 0.5],
  ['Peñaloza', 0.5], ['Montañez', 0.5],
];

/** Nicknames ("alias") of the kind recorded in criminal files; generic words, no real person's alias. */
export const MX_NICKNAMES_MALE = [
  'El Güero', 'El Flaco', 'El Gordo', 'El Chino', 'El Pelón', 'El Compa', 'El Primo', 'El Profe', 'El Ingeniero',
  'El Licenciado', 'El Tigre', 'El Toro', 'El Gallo', 'El Charro', 'El Tío', 'El Cuate', 'El Chaparro', 'El Güero Lobo',
  'El Lobo', 'El Contador', 'El Piloto', 'El Señor de la Sierra', 'El Niño', 'El Jefe Rojo', 'El Pariente',
] as const;
export const MX_NICKNAMES_FEMALE = [
  'La Güera', 'La Flaca', 'La Jefa', 'La Chata', 'La Morena', 'La Tía', 'La Contadora', 'La Norteña', 'La Madrina',
  'La Licenciada', 'La Prima', 'La Señora',
] as const;
