// Client input echoed back (in errors, trailers, logs) is cut to a short prefix: a 10 kB id must not
// turn into 10 kB of trailers, which clients with gRPC's default 8 KiB metadata limit cannot read.
export const ECHO_LIMIT = 128;

/** `text` unchanged when short, else its first ECHO_LIMIT characters marked as cut with the full length. */
export function clip(text: string, limit = ECHO_LIMIT): string {
  if (text.length <= limit) return text;
  // Never split a surrogate pair: a lone surrogate is not valid UTF-8 on the wire.
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…[cut, ${text.length} chars]`;
}
