export { receiptState, sortForReview, matchesFilter, type ReceiptState, type ListFilter } from '@/utils/db/summary';
