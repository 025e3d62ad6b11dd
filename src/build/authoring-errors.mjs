import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadExercise, MANIFEST_FILE } from '../lib/exercise/load.ts';
import { loadQuiz, QUIZ_FILE } from '../lib/quiz/load.ts';
import { settledChanges } from '../lib/content/settled-changes.ts';
import { AuthoringError } from '../lib/schema-errors.ts';

/**
 * In `astro dev`, re-checks an exercise or quiz whenever one of its files changes and shows a broken
 * file in the browser's error overlay (file, field, reason), where an author is looking,
 * instead of only in the terminal. The content loader reloads good changes on its own.
 * @returns {import('astro').AstroIntegration}
 */
export function authoringErrorsInDev() {
  return {
    name: 'stepwise:authoring-errors',
    hooks: {
      'astro:server:setup': ({ server }) => {
        const root = server.config.root;
        const exercisesRoot = path.join(root, 'exercises') + path.sep;
        const recheck = settledChanges(async (files) => {
          for (const file of files) {
            const dir = path.join(exercisesRoot, path.relative(exercisesRoot, file).split(path.sep)[0]);
            try {
              if (path.basename(file) === QUIZ_FILE) await loadQuiz(dir, root);
              else if (existsSync(path.join(dir, MANIFEST_FILE))) await loadExercise(dir, root);
            } catch (error) {
              if (!(error instanceof AuthoringError)) throw error;
              server.hot.send({ type: 'error', err: { message: error.message, stack: '', id: path.relative(root, file), plugin: 'stepwise' } });
            }
          }
        });
        server.watcher.on('all', (_event, file) => {
          if (file.startsWith(exercisesRoot)) recheck(file);
        });
      },
    },
  };
}
