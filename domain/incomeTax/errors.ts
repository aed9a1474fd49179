// The one error the calculation throws for input it cannot compute: it names the field and the rule broken.

/** A RangeError naming the field ('selfEmployments[0].income', 'taxYear') so callers can map it to HMRC's paths. */
export class IncomeTaxInputError extends RangeError {
  override readonly name = 'IncomeTaxInputError';

  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}
