export { maskSecret, openSealed, seal, sealingKeyFrom, type SealingKey } from './sealed.ts';
