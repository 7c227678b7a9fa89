export { createTemplateMiner, OnlineTemplateMiner } from './online-template-miner.js';
export { extractParams, compileTemplatePattern } from './extract-params.js';
export { templateIdOf } from './template-id.js';
export { currentTemplate } from './current-template.js';
export { DEFAULT_MINER_OPTIONS, resolveMinerOptions } from './miner-options.js';
export type { TemplateMinerOptions, ResolvedMinerOptions } from './miner-options.js';
export type { MineResult, MinedTemplate, MinerStats, ParamSlot, TemplateMiner } from './template-miner.js';
