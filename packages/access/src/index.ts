export { AccessError, accessErrorMapper, type AccessErrorCode } from './errors.ts';
export { AUTHENTICATED, authorize, identityOf, PUBLIC, registerAccessControl } from './access-control.ts';
export { remoteTokenVerifier, TOKEN_ALGORITHMS, TOKEN_AUDIENCE, TOKEN_ISSUER, tokenVerifier, type Identity, type TokenVerifier } from './tokens.ts';
export { serviceTokenSource, type ServiceTokenSource, type ServiceTokenSourceOptions } from './service-tokens.ts';
