// Reason codes for rejected rows. Stable strings: they are stored in the rejects table, written to
// rejects CSVs and counted in summaries.

export const REJECT_REASONS = {
  missing_customer_id: 'the customer id is missing',
  missing_required: 'a required field is empty',
  bad_date: 'a date cannot be parsed',
  bad_timestamp: 'a timestamp cannot be parsed',
  future_timestamp: 'a timestamp lies in the future beyond the tolerance',
  unknown_event_type: 'the event type is unknown after mapping',
  bad_number: 'a number field is not a number',
  negative_amount: 'a purchase amount is negative',
  score_out_of_range: 'a survey score is outside its scale',
  bad_value: 'a field has a value outside its allowed set',
  unknown_customer: 'the event refers to a customer that does not exist',
  malformed_row: 'the row cannot be split into fields (broken quoting)',
  wrong_field_count: 'the row has a different number of fields than the header',
  conflicting_duplicate: 'the same id appears earlier in the file with different content',
  conflicts_with_stored:
    'an event or action id is already stored with other values (the message names the fields); the stored row is kept',
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;

/** How many ids of conflicts_with_stored rows a load's summary lists; the rejects hold every row. */
export const DIFFERING_IDS_SHOWN = 100;

export interface Rejection {
  reason: RejectReason;
  message: string;
}
