import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The fonts embedded in every letter (DejaVu Sans, see assets/fonts/LICENSE): they carry the
// euro sign, the accents of our six languages and the narrow no-break space Intl puts in
// French amounts, and they are read from the repository, never fetched.
export const FONTS_DIR = fileURLToPath(new URL('../../../assets/fonts/', import.meta.url));

let cache: { regular: Buffer; bold: Buffer } | undefined;

/** The regular and bold font files, read once per process. */
export const letterFonts = (): { regular: Buffer; bold: Buffer } => {
  cache ??= {
    regular: readFileSync(`${FONTS_DIR}DejaVuSans.ttf`),
    bold: readFileSync(`${FONTS_DIR}DejaVuSans-Bold.ttf`),
  };
  return cache;
};
