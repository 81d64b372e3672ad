/** Financial intelligence (issue 5): typed transaction table, windowed features, GBDT risk score, detectors. */
export * from './table';
export * from './thresholds';
export * from './features';
export * from './gbdt';
export * from './metrics';
export * from './model';
export * from './detectors';
export * from './neighbours';
export * from './parallel';
export * from './rates';
export * from './snapshot';
