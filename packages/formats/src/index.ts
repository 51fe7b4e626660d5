export * from './references/structured-reference';
export * from './codes/countries';
export * from './codes/languages';
export * from './invoices/invoice-file.parse';
