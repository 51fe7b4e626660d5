import { PDFDocument } from 'pdf-lib';

export type MergeOptions = {
  /** Shown as the title of the printed run. */
  readonly title?: string;
  /** The run's date, ISO 8601; the merged file carries it instead of the clock's. */
  readonly createdAt?: string;
  /**
   * For double-sided printing: a blank page after every letter with an odd number of pages, so
   * that each letter starts on the front of a sheet.
   */
  readonly duplex?: boolean;
};

/**
 * One PDF of all the letters of a run, in the order given, ready to print (C12). The letters
 * themselves are copied page for page; the output depends only on the inputs and the options.
 */
export const mergeLetters = async (
  letters: readonly Uint8Array[],
  options: MergeOptions = {},
): Promise<Buffer> => {
  const merged = await PDFDocument.create({ updateMetadata: false });
  for (const [index, bytes] of letters.entries()) {
    let source: PDFDocument;
    try {
      source = await PDFDocument.load(bytes, { updateMetadata: false });
    } catch (error) {
      throw new Error(
        `letter ${index + 1} of ${letters.length} is not a readable PDF: ${(error as Error).message}`,
      );
    }
    const pages = await merged.copyPages(source, source.getPageIndices());
    for (const page of pages) merged.addPage(page);
    if (options.duplex && pages.length % 2 === 1) {
      const last = pages[pages.length - 1];
      merged.addPage(last ? [last.getWidth(), last.getHeight()] : undefined);
    }
  }
  merged.setProducer('Quittance');
  merged.setCreator('Quittance');
  if (options.title !== undefined) merged.setTitle(options.title);
  if (options.createdAt !== undefined) {
    const date = new Date(options.createdAt);
    if (Number.isNaN(date.getTime()))
      throw new RangeError(`createdAt "${options.createdAt}" is not an ISO 8601 instant`);
    merged.setCreationDate(date);
    merged.setModificationDate(date);
  }
  return Buffer.from(await merged.save());
};
