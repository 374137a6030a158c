/**
 * The part of pdfmake 0.3's server API the certificate uses. `@types/pdfmake` is not installed: it
 * pulls the DOM library into the server's typecheck (`/// <reference lib="dom" />`), which changes Node's
 * Blob and Buffer types for every file.
 */
declare module 'pdfmake' {
  /** A document definition (https://pdfmake.github.io/docs/): content, styles, page setup. */
  export type DocumentDefinition = Record<string, unknown> & { content: unknown };
  /** A font file, or a .ttc collection and the PostScript name of the font in it. */
  export type FontSource = string | [string, string];
  const pdfmake: {
    setFonts(fonts: Record<string, { normal?: FontSource; bold?: FontSource; italics?: FontSource; bolditalics?: FontSource }>): void;
    setLocalAccessPolicy(allow: (path: string) => boolean): void;
    setUrlAccessPolicy(allow: (url: string) => boolean): void;
    createPdf(doc: DocumentDefinition): { getBuffer(): Promise<Buffer> };
    /** pdfmake's in-memory file system: a font written here is read from memory by the name given. */
    virtualfs: { writeFileSync(name: string, content: Buffer): void };
  };
  export default pdfmake;
}
