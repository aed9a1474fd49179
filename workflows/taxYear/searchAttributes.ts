// The tax year's typed search attributes, what staff filter client years by in the Temporal UI and the visibility API.
// Pure, so workflows can upsert them; runtime/searchAttributes.ts registers them on the namespace.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The year's stage (`TaxYearStage` in model.ts: `authorisation`, `in-year`, ... `complete`), as on the tax year's record. */
export const taxYearStageKey = defineSearchAttributeKey('TaxYearStage', SearchAttributeType.KEYWORD);

/** The due date of the year's next open step, so "everything due this week" is one visibility query. */
export const nextDeadlineKey = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);

/** Every key the workflow may upsert: each must be registered on the namespace first. */
export const taxYearSearchAttributeKeys = [taxYearStageKey, nextDeadlineKey] as const;
