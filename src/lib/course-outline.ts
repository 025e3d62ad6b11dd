import type { CollectionEntry } from 'astro:content';

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
