import { defineCollection, reference } from 'astro:content';
import type { Loader } from 'astro/loaders';
import { glob } from 'astro/loaders';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { courseSchema, lessonSchema } from './lib/content/schemas.ts';
import { listExerciseDirs, loadExercise } from './lib/exercise/load.ts';
import { listQuizDirs, loadQuiz, QUIZ_FILE } from './lib/quiz/load.ts';

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
 * Exercises are folders of `exercises/` (manifest + starter and solution files). They are
 * loaded by our own code rather than a glob, because an exercise is several files and its
 * expected values come from running its reference solution.
 */
function exerciseLoader(): Loader {
  return {
    name: 'stepwise-exercises',
    async load({ store, config, watcher, logger }) {
      const projectRoot = fileURLToPath(config.root);
      const root = path.join(projectRoot, 'exercises');
      const sync = async () => {
        const loaded = await Promise.all((await listExerciseDirs(root)).map((dir) => loadExercise(dir, projectRoot)));
        store.clear();
        for (const exercise of loaded) store.set({ id: exercise.id, data: { ...exercise } });
      };
      await sync();
      watcher?.add(root);
      watcher?.on('all', async (_event, file) => {
        if (!file.startsWith(root) || file.endsWith('quiz.yaml')) return;
        try {
          await sync();
          logger.info(`reloaded exercises after a change to ${path.relative(projectRoot, file)}`);
        } catch (error) {
          logger.error((error as Error).message);
        }
      });
    },
  };
}

const exercises = defineCollection({ loader: exerciseLoader() });

/**
 * Quizzes are `exercises/<quiz-id>/quiz.yaml`, validated by our own schema so a broken file
 * fails the build with `file: field: reason` lines naming the question.
 */
function quizLoader(): Loader {
  return {
    name: 'stepwise-quizzes',
    async load({ store, config, watcher, logger }) {
      const projectRoot = fileURLToPath(config.root);
      const root = path.join(projectRoot, 'exercises');
      const sync = async () => {
        const loaded = await Promise.all((await listQuizDirs(root)).map((dir) => loadQuiz(dir, projectRoot)));
        store.clear();
        for (const quiz of loaded) store.set({ id: quiz.id, data: { ...quiz } });
      };
      await sync();
      watcher?.add(root);
      watcher?.on('all', async (_event, file) => {
        if (!file.startsWith(root) || !file.endsWith(QUIZ_FILE)) return;
        try {
          await sync();
          logger.info(`reloaded quizzes after a change to ${path.relative(projectRoot, file)}`);
        } catch (error) {
          logger.error((error as Error).message);
        }
      });
    },
  };
}

const quizzes = defineCollection({ loader: quizLoader() });

export const collections = { courses, lessons, exercises, quizzes };
