import type { CollectionEntry } from 'astro:content';
import type { Language } from './runner/protocol.ts';
import type { CoursePage } from './progress/course-progress.ts';

export interface CourseOutline {
  id: string;
  course: CollectionEntry<'courses'>;
  lessons: CollectionEntry<'lessons'>[];
}

/** The course a lesson belongs to is the first folder of its path. */
export const courseIdOf = (lesson: CollectionEntry<'lessons'>): string => lesson.id.split('/')[0]!;

export const lessonHref = (lesson: CollectionEntry<'lessons'>): string => `/lessons/${lesson.id}/`;

/** Courses in their order, each with its lessons in order. */
export function outlineCourses(courses: CollectionEntry<'courses'>[], lessons: CollectionEntry<'lessons'>[]): CourseOutline[] {
  return [...courses]
    .sort((a, b) => a.data.order - b.data.order)
    .map((course) => ({
      id: course.id,
      course,
      lessons: lessons.filter((lesson) => courseIdOf(lesson) === course.id).sort((a, b) => a.data.order - b.data.order),
    }));
}

export const courseHref = (courseId: string): string => `/lessons/${courseId}/`;

/** A course's lessons as {@link CoursePage}s, with the step ids of the exercise each embeds. */
export function coursePages(lessons: CollectionEntry<'lessons'>[], exercises: CollectionEntry<'exercises'>[]): CoursePage[] {
  const byId = new Map(exercises.map((entry) => [entry.id, entry.data as { steps: { id: string }[]; languages: Language[] }]));
  return lessons.map((lesson) => ({
    id: lesson.id,
    href: lessonHref(lesson),
    title: lesson.data.title,
    mode: lesson.data.mode,
    kind: lesson.data.kind,
    minutes: lesson.data.minutes,
    ...(lesson.data.exercise && {
      exercise: {
        id: lesson.data.exercise.id,
        steps: byId.get(lesson.data.exercise.id)?.steps.map((step) => step.id) ?? [],
        languages: byId.get(lesson.data.exercise.id)?.languages ?? [],
      },
    }),
    ...(lesson.data.quiz && { quiz: lesson.data.quiz.id }),
  }));
}

/** What the course page and lesson pages hand to src/client/course-progress.ts. */
export interface CourseData {
  title: string;
  href: string;
  pages: CoursePage[];
  /** The lesson being read, on a lesson page. */
  current?: string;
}

/** JSON safe inside a `<script type="application/json">`: no `<` can close the element. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
