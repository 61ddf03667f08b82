import type zh from './zh-CN';
const en: Record<keyof typeof zh, string> = {
  appTitle: 'Receipt Clerk',
  emptyHint: 'No receipts yet. Drop receipt images, PDF or OFD files here, or click “Import”.',
};
export default en;
