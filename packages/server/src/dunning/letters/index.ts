// Dunning letters as PDF (C5, C12, C13): one letter per debtor with the company's letterhead,
// and the letters of a run merged for printing.
export { letterFromMessage, type Letter, type LetterLayout } from './letter';
export { renderLetterPdf } from './letter.pdf';
export { mergeLetters, type MergeOptions } from './merge';
export { FONTS_DIR } from './fonts';
