/**
 * The screening engine: list parsers, name preparation, the scorer and the search index. Pure
 * code; callers (the Monitor API, an identity verification step) pass an index and a query.
 */
export { nameScore } from './jaro-winkler';
export { decodeText, detectFormat, type ListFile, ListFormatError, loadLists } from './lists/load';
export * from './model';
export { prepareName } from './normalize';
export { DEFAULT_WEIGHTS, type EntryScore, type MatchSummary, type ScreeningQuery } from './score';
export {
  isHit,
  type NameSensitivity,
  type ScreeningHit,
  type ScreenOptions,
  SENSITIVITY,
  screenEntity,
  screenIndividual,
} from './screen';
export { ScreeningIndex } from './search-index';
