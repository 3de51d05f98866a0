# Seed-compatible aliases for the npm scripts (see README).
.PHONY: contracts.generate contracts.check health
contracts.generate:
	npm run contracts:generate
contracts.check:
	npm run contracts:check
health:
	npm run status
