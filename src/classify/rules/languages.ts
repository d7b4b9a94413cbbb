/**
 * The nine languages we read, and the shape of a language detector. No detector here: the one we use
 * (eld, `language.ts`) loads a database that costs about 0.9 s of CPU, so only the rules thread
 * (adapters/rules-thread-entry.ts) imports it; code on the main thread takes a detector as an argument.
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language of a text, or null when it cannot be told. */
export type LanguageDetector = (text: string) => Language | null;

/** No detector: the language is unknown (the rules' in-line fallbacks on the main thread). */
export const languageUnknown: LanguageDetector = () => null;
