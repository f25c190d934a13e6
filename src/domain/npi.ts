/**
 * National Provider Identifier check: 10 digits whose last is a Luhn check digit computed over the
 * prefix 80840 followed by the first nine digits (CMS, "Requirements for Check Digit Validation of the
 * NPI", the ISO 7812 card-issuer prefix for US health applications).
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // From the right: the check digit itself counts once, every second digit before it twice.
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
