/** Device models and terminal set-ups, with their schema and loader. */
export * from './schema.ts';
export { ProfileError, formatProblem } from './problems.ts';
export type { ProfileProblem } from './problems.ts';
export {
  addressProblems,
  addressRange,
  devicesDir,
  displayName,
  loadModels,
  loadTerminal,
  modelProblems,
  packageRoot,
  resolveTerminal,
  terminalProblems,
  terminalsDir,
  transportProblems,
  usbIdValue,
} from './load.ts';
export type { ModelCatalog, ResolvedDevice, ResolvedTerminal, ResolvedTransport } from './load.ts';
export { figurePaths, uncitedFigures } from './figures.ts';
