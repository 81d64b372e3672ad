/**
 * Aberration detection for count series (issue 7): EARS C1/C2/C3, CUSUM, Farrington and improved Farrington
 * (R `surveillance` 1.20.3 conventions) and the ESSENCE regression/EWMA switch (CDC Rnssp). Pure functions.
 */
export * from './types';
export { earsC, type EarsMethod, type EarsOptions, type C3Mode } from './ears';
export { cusum, type CusumOptions, type CusumTransform } from './cusum';
export { farringtonFlexible, FARRINGTON_ORIGINAL, FARRINGTON_NOUFAILY, type FarringtonOptions, type ThresholdMethod } from './farrington';
export { glmQuasiPoisson, glmFit, sparseDesign, linearPrediction, type GlmFit, type Design } from './glm';
export * as distributions from './distributions';
export { essenceRegression, essenceEwma, essenceSwitch, LEVEL, type EssenceOptions, type EssenceDetection } from './essence';
export { REFERENCE_CASES, compareWithReference, wideSeries, outbreakMetrics, type ReferenceCase, type Agreement } from './conformance';
export { detectSeries, EW_METHODS, MethodError, type EwMethod, type PeriodKind, type InputSeries, type DetectOptions } from './detect';
