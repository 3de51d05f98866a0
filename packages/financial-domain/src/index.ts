export * from './db/schema/index.ts';
export { inTransaction, withTenantTx, type Clock, type FinancialContext } from './context.ts';
export { FinancialError, invalidInput, isFinancialError, notFound, type FinancialErrorCode } from './errors.ts';
export { audit, changes, type AuditEntry } from './audit.ts';
export { conflictOnDuplicate, sqlState } from './db-errors.ts';
export { formatMoney, parseAmount, parseCurrency, type AmountRule } from './money.ts';
export { parseIban } from './iban.ts';
export { decodeCursor, encodeCursor, likePattern, type Page } from './pagination.ts';

export * from './repositories/accounts.ts';
export * from './repositories/transactions.ts';
export { categoryKinds, findCategory, type CategoryRow } from './repositories/categories.ts';
export { existingTagIds, findTag, type TagRow } from './repositories/tags.ts';
export { findCounterparty, findCounterpartiesById, type CounterpartyRow } from './repositories/counterparties.ts';

export { createAccount, type CreateAccountInput } from './domain/accounts/createAccount.ts';
export { getAccount } from './domain/accounts/getAccount.ts';
export { listAccounts } from './domain/accounts/listAccounts.ts';
export { updateAccount, type UpdateAccountInput } from './domain/accounts/updateAccount.ts';
export { setAccountArchived } from './domain/accounts/setAccountArchived.ts';
export type { AccountView } from './domain/accounts/view.ts';

export { createTransaction, type CreateTransactionInput } from './domain/transactions/createTransaction.ts';
export { getTransaction } from './domain/transactions/getTransaction.ts';
export { listTransactions, type ListTransactionsInput } from './domain/transactions/listTransactions.ts';
export { updateTransaction, type UpdateTransactionInput } from './domain/transactions/updateTransaction.ts';
export { deleteTransaction } from './domain/transactions/deleteTransaction.ts';
export { bulkEditTransactions, type BulkPatch } from './domain/transactions/bulkEditTransactions.ts';
export {
  setTransactionCategory,
  type SetTransactionCategoryInput,
  type SetTransactionCategoryResult,
} from './domain/transactions/setTransactionCategory.ts';
export { recordCategorizations, type Categorization } from './domain/transactions/recordCategorization.ts';
export { toTransactionView, transactionView, transactionViews, type TransactionView } from './domain/transactions/view.ts';

export { createTransfer, type CreateTransferInput } from './domain/transfers/createTransfer.ts';
export { linkTransfer, type LinkTransferInput } from './domain/transfers/linkTransfer.ts';
export { unlinkTransfer } from './domain/transfers/unlinkTransfer.ts';
export type { TransferView } from './domain/transfers/view.ts';

export { createCategory, type CreateCategoryInput } from './domain/categories/createCategory.ts';
export { getCategory } from './domain/categories/getCategory.ts';
export { listCategories } from './domain/categories/listCategories.ts';
export { updateCategory, type UpdateCategoryInput } from './domain/categories/updateCategory.ts';
export { deleteCategory } from './domain/categories/deleteCategory.ts';
export type { CategoryView } from './domain/categories/view.ts';

export { createTag } from './domain/tags/createTag.ts';
export { getTag } from './domain/tags/getTag.ts';
export { listTags } from './domain/tags/listTags.ts';
export { updateTag } from './domain/tags/updateTag.ts';
export { deleteTag } from './domain/tags/deleteTag.ts';
export type { TagView } from './domain/tags/view.ts';

export { createCounterparty, type CreateCounterpartyInput } from './domain/counterparties/createCounterparty.ts';
export { getCounterparty } from './domain/counterparties/getCounterparty.ts';
export { listCounterparties, type ListCounterpartiesInput } from './domain/counterparties/listCounterparties.ts';
export { updateCounterparty, type UpdateCounterpartyInput } from './domain/counterparties/updateCounterparty.ts';
export { deleteCounterparty } from './domain/counterparties/deleteCounterparty.ts';
export type { CounterpartyView } from './domain/counterparties/view.ts';

export * from './domain/sync/index.ts';

export { ingestTransactions, type IngestInput, type IngestPhase, type IngestResult } from './domain/ingest/ingestTransactions.ts';
export { PENDING_MATCH_WINDOW_DAYS } from './domain/ingest/classifyRows.ts';
export type { IngestRow } from './domain/ingest/rows.ts';
export { createImport, type CreateImportInput } from './domain/imports/createImport.ts';
export { getImport } from './domain/imports/getImport.ts';
export { listImports, type ListImportsInput } from './domain/imports/listImports.ts';
export { runImport, type ImportPhase, type RunImportInput } from './domain/imports/runImport.ts';
export type { ImportView } from './domain/imports/view.ts';
export { createCsvPreset, type CreateCsvPresetInput } from './domain/imports/createCsvPreset.ts';
export { getCsvPreset } from './domain/imports/getCsvPreset.ts';
export { listCsvPresets } from './domain/imports/listCsvPresets.ts';
export { updateCsvPreset, type UpdateCsvPresetInput } from './domain/imports/updateCsvPreset.ts';
export { deleteCsvPreset } from './domain/imports/deleteCsvPreset.ts';
export type { CsvPresetView } from './domain/imports/presetView.ts';

export { financeRules, RULE_FIELDS, type RuleSubject } from './domain/rules/engine.ts';
export { createRuleGroup, type CreateRuleGroupInput } from './domain/rules/createRuleGroup.ts';
export { getRuleGroup } from './domain/rules/getRuleGroup.ts';
export { listRuleGroups } from './domain/rules/listRuleGroups.ts';
export { updateRuleGroup, type UpdateRuleGroupInput } from './domain/rules/updateRuleGroup.ts';
export { deleteRuleGroup } from './domain/rules/deleteRuleGroup.ts';
export { reorderRuleGroups } from './domain/rules/reorderRuleGroups.ts';
export { createRule, type CreateRuleInput } from './domain/rules/createRule.ts';
export { getRule } from './domain/rules/getRule.ts';
export { updateRule, type UpdateRuleInput } from './domain/rules/updateRule.ts';
export { deleteRule } from './domain/rules/deleteRule.ts';
export { reorderRules } from './domain/rules/reorderRules.ts';
export { dryRunRules, type RuleRunInput } from './domain/rules/dryRunRules.ts';
export { applyRules } from './domain/rules/applyRules.ts';
export { applyRulesToTransactions, type ApplyRulesToTransactionsInput, type RuleRunResult } from './domain/rules/applyRulesToTransactions.ts';
export { listRuleEvaluations, type ListRuleEvaluationsInput, type RuleEvaluationView } from './domain/rules/listRuleEvaluations.ts';
export type { RuleRunItem, RuleRunReport } from './domain/rules/runRulesOverFilter.ts';
export type { RuleGroupView, RuleView } from './domain/rules/view.ts';
export {
  categorizeTransactions,
  type CategorizationLayer,
  type CategorizationOutcome,
  type CategorizeResult,
} from './domain/categorization/categorizeTransactions.ts';
export { HISTORY_QUORUM, HISTORY_WINDOW } from './domain/categorization/counterpartyMemory.ts';
export { categorizeImport, IMPORT_CATEGORIZATION_CHUNK } from './domain/categorization/categorizeImport.ts';
export { createAiCoreSuggester, type AiCoreSuggesterOptions, type CategorySuggester, type Suggestion } from './domain/categorization/aiCoreSuggester.ts';

export {
  counterpartyHasInvoices,
  findInvoice,
  findInvoiceLines,
  listOpenInvoices,
  updateInvoiceRow,
  type InvoiceFilter,
  type InvoiceLineRow,
  type InvoiceRow,
} from './repositories/invoices.ts';
export { computeTotals, lineNet, type InvoiceTotals, type PricedLine, type TaxGroup } from './domain/invoices/totals.ts';
export { invoiceView, invoiceViews, toInvoiceView, type InvoiceLineView, type InvoiceView } from './domain/invoices/view.ts';

export { getSettings } from './domain/settings/getSettings.ts';
export { updateSettings, type UpdateSettingsInput } from './domain/settings/updateSettings.ts';
export type { SettingsView } from './domain/settings/view.ts';
export { listExchangeRates, type ListExchangeRatesInput } from './domain/exchange-rates/listExchangeRates.ts';
export { setExchangeRate, type SetExchangeRateInput } from './domain/exchange-rates/setExchangeRate.ts';
export { deleteExchangeRate } from './domain/exchange-rates/deleteExchangeRate.ts';
export { importExchangeRates, type ImportExchangeRatesResult } from './domain/exchange-rates/importExchangeRates.ts';
export { rateBook, type Conversion, type RateBook, type RateUsed } from './domain/exchange-rates/rateBook.ts';
export { loadRateBook } from './domain/exchange-rates/loadRateBook.ts';
export { baseCurrencyOf } from './domain/settings/view.ts';
export type { ExchangeRateView } from './domain/exchange-rates/view.ts';
export { setBudget, type SetBudgetInput } from './domain/budgets/setBudget.ts';
export { deleteBudget } from './domain/budgets/deleteBudget.ts';
export { listBudgets, type BudgetMonth } from './domain/budgets/listBudgets.ts';
export type { BudgetLine, BudgetView } from './domain/budgets/view.ts';
export { getIncomeExpensesReport, type MonthRangeInput } from './domain/reports/getIncomeExpensesReport.ts';
export { getSpendingByCategoryReport, type SpendingByCategoryInput } from './domain/reports/getSpendingByCategoryReport.ts';
export { getCashFlowReport } from './domain/reports/getCashFlowReport.ts';
export { getNetWorthReport } from './domain/reports/getNetWorthReport.ts';
export { getAccountBalancesReport } from './domain/reports/getAccountBalancesReport.ts';
export { getBudgetVsActualReport, type BudgetVsActualReport } from './domain/reports/getBudgetVsActualReport.ts';
export type * from './domain/reports/view.ts';

export { listInvoicePayments } from './domain/payments/listInvoicePayments.ts';
export { createInvoicePayment, type CreateInvoicePaymentInput } from './domain/payments/createInvoicePayment.ts';
export { deleteInvoicePayment } from './domain/payments/deleteInvoicePayment.ts';
export { listPaymentSuggestions, type ListPaymentSuggestionsInput } from './domain/payments/listPaymentSuggestions.ts';
export { acceptPaymentSuggestion } from './domain/payments/acceptPaymentSuggestion.ts';
export { dismissPaymentSuggestion } from './domain/payments/dismissPaymentSuggestion.ts';
export type { InvoicePaymentView, PaymentSuggestionView } from './domain/payments/view.ts';
export { createInvoice, type CreateInvoiceInput } from './domain/invoices/createInvoice.ts';
export { getInvoice } from './domain/invoices/getInvoice.ts';
export { listInvoices, type ListInvoicesInput } from './domain/invoices/listInvoices.ts';
export { updateInvoice, type UpdateInvoiceInput } from './domain/invoices/updateInvoice.ts';
export { deleteInvoice } from './domain/invoices/deleteInvoice.ts';
export { issueInvoice } from './domain/invoices/issueInvoice.ts';
export { voidInvoice } from './domain/invoices/voidInvoice.ts';
export { createCreditNote } from './domain/invoices/createCreditNote.ts';
export { renderInvoicePdf, type InvoicePdf } from './domain/invoices/renderInvoicePdf.ts';
export type { InvoiceLineInput } from './domain/invoices/draft.ts';
export { getInvoiceSettings } from './domain/invoices/getInvoiceSettings.ts';
export { updateInvoiceSettings, type UpdateInvoiceSettingsInput } from './domain/invoices/updateInvoiceSettings.ts';
export { MAX_LOGO_BYTES } from './domain/invoices/logo.ts';
export type { InvoiceSettingsView } from './domain/invoices/settingsView.ts';

export { createClient, type CreateClientInput } from './domain/clients/createClient.ts';
export { getClient } from './domain/clients/getClient.ts';
export { listClients, type ListClientsInput } from './domain/clients/listClients.ts';
export { updateClient, type UpdateClientInput } from './domain/clients/updateClient.ts';
export { deleteClient } from './domain/clients/deleteClient.ts';
export type { ClientView } from './domain/clients/view.ts';

export { createProduct, type CreateProductInput } from './domain/products/createProduct.ts';
export { getProduct } from './domain/products/getProduct.ts';
export { listProducts } from './domain/products/listProducts.ts';
export { updateProduct, type UpdateProductInput } from './domain/products/updateProduct.ts';
export { setProductArchived } from './domain/products/setProductArchived.ts';
export { deleteProduct } from './domain/products/deleteProduct.ts';
export type { ProductView } from './domain/products/view.ts';
export {
  AGE_BUCKETS,
  getReceivablesReport,
  type AgeBucket,
  type BucketAmounts,
  type ReceivableInvoice,
  type ReceivablesClient,
  type ReceivablesReport,
} from './domain/reports/getReceivablesReport.ts';
export { recordTrade, type RecordTradeInput, type RecordTradeResult } from './domain/trades/recordTrade.ts';
export { createInvoiceTemplate, type CreateInvoiceTemplateInput } from './domain/invoice-templates/createInvoiceTemplate.ts';
export { getInvoiceTemplate } from './domain/invoice-templates/getInvoiceTemplate.ts';
export { listInvoiceTemplates } from './domain/invoice-templates/listInvoiceTemplates.ts';
export { updateInvoiceTemplate, type UpdateInvoiceTemplateInput } from './domain/invoice-templates/updateInvoiceTemplate.ts';
export { deleteInvoiceTemplate } from './domain/invoice-templates/deleteInvoiceTemplate.ts';
export { runInvoiceTemplate } from './domain/invoice-templates/runInvoiceTemplate.ts';
export { generateDueInvoices, MAX_RUNS_PER_JOB } from './domain/invoice-templates/generateDueInvoices.ts';
export type { TemplateContext, TemplateJob, TemplateScheduler } from './domain/invoice-templates/context.ts';
export { GENERATE_RECURRING_INVOICES, jobsTemplateScheduler } from './domain/invoice-templates/jobs-queue.ts';
export type { InvoiceTemplateView } from './domain/invoice-templates/view.ts';
