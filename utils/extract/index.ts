export * from './pipeline';
export * from './layout';
export * from './qr';
export { readPdfText, ExtractError } from './pdf';
export { readOfdText } from './ofd';
