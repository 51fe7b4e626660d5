export * from './dmn.types';
export { dmnVersionOf, parseDmnXml, splitTopLevelCommas } from './dmn.parse';
export { QUITTANCE_DMN_NAMESPACE, writeDmnXml } from './dmn.write';
