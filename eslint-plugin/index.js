// Entry of the `eslint-plugin-resilint` workspace package. The plugin's source is index.ts beside
// this file; the build puts it into resilint's dist/, also exported as `resilint/eslint-plugin`.
export { default, FILES, TEST_FILES } from '../dist/eslint-plugin/index.js';
