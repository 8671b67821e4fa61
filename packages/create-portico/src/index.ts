// create-portico: `npm create portico@latest my-api` writes a Portico project from the template
// shipped in this package. The API below is what the `create-portico` command uses.
export { CREATE_DEFAULTS, type CreateProjectOptions, TEMPLATE_VERSIONS } from './defaults.js'
export * from './errors.js'
export { HELP, main, parseArguments } from './main.js'
export { type CreatedProject, createProject, ownVersion, packageJsonOf, packageNameOf } from './project.js'
