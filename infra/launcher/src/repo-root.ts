import { fileURLToPath } from 'node:url';

/** The repository root (infra/launcher/src/ → ../../..): apps/, .env and a relative DATA_DIR live here. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
