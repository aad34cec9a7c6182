import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { loadPluginFromSource } from '../helpers/plugin-source.js';

// `resilint-disable…` comments are applied by the rules' ESLint adapter, so the plugin honours them exactly
// as `resilint analyze` does (test/parity.test.ts compares both on a fixture that uses them).
async function lint(code: string): Promise<string[]> {
  const plugin = await loadPluginFromSource();
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { resilint: plugin }, rules: { 'resilint/no-swallowed-error': 'error' } },
    ] as Linter.Config[],
    'file.ts',
  );
  return messages.map((message) => `${message.line}:${message.column} ${message.ruleId ?? message.message}`);
}

describe('resilint-disable comments in ESLint', () => {
  it('silence the next line, the same line, and a block, for the rules they name', async () => {
    expect(
      await lint(
        [
          '// resilint-disable-next-line no-swallowed-error -- best effort',
          'try { a(); } catch {}',
          'try { a(); } catch {} // resilint-disable-line resilint/no-swallowed-error',
          '/* resilint-disable */',
          'try { a(); } catch {}',
          '/* resilint-enable */',
          'try { a(); } catch {}',
          '// resilint-disable-next-line require-error-cause',
          'try { a(); } catch {}',
        ].join('\n'),
      ),
    ).toEqual(['7:14 resilint/no-swallowed-error', '9:14 resilint/no-swallowed-error']);
  });

  it('are ignored inside strings', async () => {
    expect(await lint("const s = '// resilint-disable-next-line';\ntry { a(); } catch {}")).toEqual(['2:14 resilint/no-swallowed-error']);
  });
});
