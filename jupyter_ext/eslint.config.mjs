// ESLint flat config: the recommended rules of ESLint and typescript-eslint, nothing more.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['node_modules/', 'lib/', 'lib-test/', 'mlsafe_jupyter/', 'tests/artifacts/']
  },
  js.configs.recommended,
  tseslint.configs.recommended
);
