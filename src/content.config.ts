import { defineCollection, reference } from 'astro:content';
import type { Loader } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { courseSchema, lessonSchema } from './lib/content/schemas.ts';
import { foldersHolding } from './lib/content/folders.ts';
import { settledChanges } from './lib/content/settled-changes.ts';
import { loadExercise, MANIFEST_FILE } from './lib/exercise/load.ts';
import { loadQuiz, QUIZ_FILE } from './lib/quiz/load.ts';
import { DECK_FILE, loadDeck } from './lib/flashcards/load.ts';

/** A course is a folder of `lessons/`; its `course.yaml` names and orders it. */
const courses = defineCollection({
  loader: glob({ pattern: '*/course.yaml', base: './lessons', generateId: ({ entry }) => path.dirname(entry) }),
  schema: courseSchema,
});

/** Lesson pages: `lessons/<course>/<page>.mdx`, served at `/lessons/<course>/<page>/`. */
const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './lessons' }),
  schema: lessonSchema.extend({ exercise: reference('exercises').optional(), quiz: reference('quizzes').optional() }),
});

/**
 * Exercises and quizzes are folders of `exercises/`, told apart by the file they hold. They
 * are loaded by our own code rather than a glob: an exercise is several files and its expected
 * values come from running its reference solution; both report `file: field: reason` errors.
 */
function folderLoader(name: string, marker: string, load: (dir: string, projectRoot: string) => Promise<{ id: string }>): Loader {
  return {
    name,
    async load({ store, config, watcher, logger }) {
      const projectRoot = fileURLToPath(config.root);
      const root = path.join(projectRoot, 'exercises');
      const sync = async () => {
        const loaded = await Promise.all((await foldersHolding(root, marker)).map((dir) => load(dir, projectRoot)));
        store.clear();
        for (const entry of loaded) store.set({ id: entry.id, data: { ...entry } });
      };
      await sync();
      const resync = settledChanges(async (files) => {
        try {
          await sync();
          logger.info(`reloaded after a change to ${files.map((file) => path.relative(projectRoot, file)).join(', ')}`);
        } catch (error) {
          // The dev overlay shows the problem too (src/build/authoring-errors.mjs).
          logger.error((error as Error).message);
        }
      });
      watcher?.add(root);
      watcher?.on('all', (_event, file) => {
        if (file.startsWith(root) && existsSync(path.join(path.dirname(file), marker))) resync(file);
      });
    },
  };
}

const exercises = defineCollection({ loader: folderLoader('stepwise-exercises', MANIFEST_FILE, loadExercise) });
const quizzes = defineCollection({ loader: folderLoader('stepwise-quizzes', QUIZ_FILE, loadQuiz) });
const flashcards = defineCollection({ loader: folderLoader('stepwise-flashcards', DECK_FILE, loadDeck) });

export const collections = { courses, lessons, exercises, quizzes, flashcards };
