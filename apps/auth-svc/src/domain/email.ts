/** Emails are stored and compared in lower case (one account per address, across tenants). */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
