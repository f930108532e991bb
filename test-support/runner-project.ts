/**
 * The project helper under its former name, for the tap and AVA harnesses until they import
 * `project.js` themselves.
 */
export { normaliseOutput, type ProjectRun, type RunInProjectOptions, runInProject } from './project.js';
