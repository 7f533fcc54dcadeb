/** The length bounds of a zod string schema (zod 4 exposes them on the schema). */
interface LengthBounded {
  minLength: number | null;
  maxLength: number | null;
}

/**
 * HTML length constraints from the API's zod schema, so the form's pre-check and the API agree
 * without shipping zod to the browser.
 *
 * @example
 * lengthAttributes(SignInRequest.shape.username); // { maxlength: 254 }
 */
export function lengthAttributes(schema: LengthBounded): {
  minlength?: number;
  maxlength?: number;
} {
  return {
    ...(schema.minLength !== null && schema.minLength > 1 ? { minlength: schema.minLength } : {}),
    ...(schema.maxLength !== null ? { maxlength: schema.maxLength } : {}),
  };
}
