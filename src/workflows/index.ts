export { claimFollowUp } from './claim-follow-up';
