// The approvals inbox and the steps list: the daily work of preparers and reviewers.
export { ApprovalsInbox } from './ApprovalsInbox';
export { StepList } from './StepList';
