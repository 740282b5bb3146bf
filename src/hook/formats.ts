// The figure formats simorg writes: one list for the hook, the config's validation and `trace`
// (part of the contract the core may read from the hook, with the manifest and provenance).

export const KNOWN_FORMATS = ['png', 'svg', 'pdf', 'jpg', 'eps'] as const;
export type Format = (typeof KNOWN_FORMATS)[number];
export const VECTOR_FORMATS: readonly Format[] = ['svg', 'pdf', 'eps'];
export const DEFAULT_FORMATS: readonly Format[] = ['png', 'svg', 'pdf'];

/** "png, svg, pdf, jpg or eps": the list as a sentence names it. */
export const FORMATS_IN_WORDS = `${KNOWN_FORMATS.slice(0, -1).join(', ')} or ${KNOWN_FORMATS[KNOWN_FORMATS.length - 1]}`;
