/** The built-in log simulator: a small shop's services, with injected incidents and their ground truth. */
export { createSimulator, DEFAULT_SIM_START, DEFAULT_SIM_RATE } from './simulator.js';
export { defaultIncidentSchedule } from './incidents/incident-schedule.js';
export type { DefaultScheduleOptions } from './incidents/incident-schedule.js';
export { SIM_HEADER_FORMATS, simFileName } from './sim-formats.js';
export { SERVICE_NAMES, SIM_FORMATS, INCIDENT_KINDS } from './types.js';
export type {
  ServiceName,
  SimFormat,
  IncidentKind,
  SimRecord,
  IncidentSpec,
  IncidentTruth,
  SimOptions,
  Simulator,
} from './types.js';
