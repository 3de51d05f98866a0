/**
 * The session's free balance cannot hold an order's reservation: thrown to roll the reserving
 * transaction back, after which the order fails as rejected in a transaction of its own (reserve-funds.ts).
 */
export class ShortOfFunds extends Error {}
