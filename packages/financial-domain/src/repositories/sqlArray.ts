import { sql, type SQL } from 'drizzle-orm';

/**
 * One array parameter of `type` (a plain array in drizzle's `sql` becomes one parameter per
 * element): bulk statements pass each column as one array and read it back with `unnest`, so a
 * batch of any size is one statement, and the planner knows the array's length in the custom plan.
 */
export const sqlArray = (values: readonly unknown[], type: string): SQL => sql`${sql.param(values)}::${sql.raw(type)}[]`;
