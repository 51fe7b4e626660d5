export * from './references/structured-reference';
export * from './codes/countries';
export * from './codes/languages';
export * from './invoices/invoice-file.parse';
export * from './fec/fec.write';
export * from './fec/fec.parse';
export * from './fec/fec.from-gl';
export * from './journal-csv/journal-csv.write';
