export { fixtureText, startReplayServer, type RecordedRequest, type ReplayResponse, type ReplayRoute, type ReplayServer } from './replay-server.ts';
export { GOCARDLESS_FIXTURE, startGoCardlessReplay, type GoCardlessReplay } from './gocardless-replay.ts';
export { SIMPLEFIN_FIXTURE, startSimpleFinReplay, type SimpleFinReplay } from './simplefin-replay.ts';
