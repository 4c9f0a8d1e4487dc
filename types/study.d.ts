// Globals shared by the study scripts (docs/assets/study/*.js), for the type
// check only (tsconfig.json); nothing here is served.

/** window.ss, defined by core.js. */
interface StudyCore {
  page(key: string, handler: () => void): void;
  mount<E extends Element = HTMLElement>(selector: string, bind: (element: E) => void): () => void;
  store<T>(name: string, version: number, validate: (value: unknown) => T | null,
           area?: "localStorage" | "sessionStorage"): { key: string; load(): T | null; save(value: T): boolean };
  copy(text: string, field?: HTMLInputElement | HTMLTextAreaElement): Promise<boolean>;
  fmt(template: string, values: Record<string, string | number>): string;
  shuffle<T>(list: T[], random?: () => number): T[];
  fold(text: string): string;
  load(name: string): Promise<void>;
}

/** A quiz plugin (quizzes/README.md, "Plugin contract"). */
type QuizPlugin = ((root: HTMLElement) => void) | { name?: string; beforeMount(root: HTMLElement): void };

/** detail of the ss-quiz-complete event. */
interface QuizCompleteDetail {
  quizId: string | null; lang: string | null; score: number; firstScore: number; total: number; restored?: boolean;
  results: { questionId: string; correct: boolean; first: boolean }[];
}

interface Window {
  ss: StudyCore;
  /** Material's observable of documents (its bundle defines it; not before). */
  document$?: { subscribe(next: (document: Document) => void): unknown };
  ssQuiz?: { mount(): void; norm(text: string): string };
  ssQuizPlugins?: QuizPlugin[];
  /** glossary.js's document-wide term listeners are in place (its first run). */
  ssGlossaryTermsBound?: boolean;
  /** assignment.js, loaded by quiz.js when needed. */
  ssAssignment?: { summarize(root: HTMLElement, detail: QuizCompleteDetail): void };
}

/** UI strings rendered by the server (data-ss-t). */
type Strings = Record<string, string>;

/** quiz.js: one question's saved state (a answer, c correct at the last check,
 *  f right at the first attempt, s solution shown) and the stored progress. */
interface QuizQuestionState { a?: any; c?: boolean; f?: boolean; s?: boolean }
interface QuizProgress { v: 1; q: Record<string, QuizQuestionState> }
interface QuizTally { right: number; complete: boolean; first: number }

/** quiz.js: what a question type knows. get() is null without an answer;
 *  grade() returns [right, extra status text]. */
interface QuizKind {
  get(): any;
  set(answer: any): void;
  valid(answer: unknown): boolean;
  grade(answer: any, showAll?: boolean): [boolean, string];
  isChoice?: boolean;
  reset?(): void;
  /** the controls to disable and describe, if not the question's inputs and selects */
  controls?: HTMLElement[];
}

/** quiz.js: a question; bind() sets the methods right after creating it. */
interface QuizQuestion {
  id: string; type: string; el: HTMLElement; st: QuizQuestionState;
  check(): void; status(text: string): void; store(): void; reset(): void;
}

/** search.js: the part of Pagefind's API it calls (pagefind.js, loaded on demand). */
interface PagefindResultData { url: string; excerpt?: string; meta?: { title?: string } }
interface PagefindResult { id: string; score: number; data(): Promise<PagefindResultData> }
interface PagefindSearch { results: PagefindResult[] }
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
  search(query: string, options?: { filters?: Record<string, string> }): Promise<PagefindSearch>;
}
/** search.js: one query's results, how many are shown and whether more are loading. */
interface SearchRun { id: number; results: PagefindResult[]; shown: number; loading?: boolean }
