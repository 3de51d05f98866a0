import type { CounterpartyRow } from '../../repositories/counterparties.ts';

export type CounterpartyView = Omit<CounterpartyRow, 'tenantId'>;

export const toCounterpartyView = ({ tenantId: _tenantId, ...view }: CounterpartyRow): CounterpartyView => view;
