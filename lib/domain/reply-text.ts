/**
 * What `new EmailReplyParser().parseReply(text)` of email-reply-parser 2.3.9 returns, computed the
 * same way without its string reversals. The library reads a message bottom up by reversing the
 * whole text, and then reverses every line back, character by character, for each of its ~30
 * patterns: most of ingestion's CPU and garbage went there. This walks the lines bottom up instead
 * and tests each pattern on the line as written, which is the string the library tests too, so the
 * output is the same (tests/domain/reply-text.test.ts checks it against the library on generated
 * and real mail). The patterns and rules are the library's, copied unchanged.
 *
 * email-reply-parser: Copyright (c) 2021 Crisp IM SAS, MIT License.
 */

/* eslint-disable no-useless-escape, no-irregular-whitespace -- the library's patterns, character for
 * character (the Russian header has a narrow no-break space before "г.") */
const QUOTE_HEADERS: readonly RegExp[] = [
  /^-*\s*(On\s.+\s.+\n?wrote:{0,1})\s{0,1}-*$/m,
  /^-*\s*(Le\s.+\s.+\n?écrit\s?:{0,1})\s{0,1}-*$/m,
  /^-*\s*(El\s.+\s.+\n?escribió:{0,1})\s{0,1}-*$/m,
  /^-*\s*(Il\s.+\s.+\n?scritto:{0,1})\s{0,1}-*$/m,
  /^-*\s*(Em\s.+\s.+\n?escreveu:{0,1})\s{0,1}-*$/m,
  /^\s*(Am\s.+\s)\n?\n?schrieb.+\s?(\[|<).+(\]|>):$/m,
  /^\s*(Op\s[\s\S]+?\n?schreef[\s\S]+:)$/m,
  /^\s*((W\sdniu|Dnia)\s[\s\S]+?(pisze|napisał(\(a\))?):)$/mu,
  /^\s*(Den\s.+\s\n?skrev\s.+:)$/m,
  /^\s*(pe\s.+\s.+\n?kirjoitti:)$/m,
  /^\s*(Am\s.+\sum\s.+\s\n?schrieb\s.+:)$/m,
  /^\s*(ср\,\s.+\n? г\. в\s.+,\s.+[\[|<].+[\]|>]:)$/m,
  /^(在[\s\S]+写道：)$/m,
  /^(20[0-9]{2}\..+\s작성:)$/m,
  /^(20[0-9]{2}\/.+のメッセージ:)$/m,
  /^(.+\s<.+>\sschrieb:)$/m,
  /^(.+\son.*at.*wrote:)$/m,
  /^\s*(From\s?:.+\s?\n?\s*[\[|<].+[\]|>])/m,
  /^\s*(Von\s?:.+\s?\n?\s*[\[|<].+[\]|>])/m,
  /^\s*(De\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m,
  /^\s*(Van\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m,
  /^\s*(Da\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m,
  /^(20[0-9]{2})-([0-9]{2}).([0-9]{2}).([0-9]{2}):([0-9]{2})\n?(.*)>:$/m,
  /^\s*([a-z]{3,4}\.\s[\s\S]+\sskrev\s[\s\S]+:)$/m,
  /^([0-9]{2}).([0-9]{2}).(20[0-9]{2})(.*)(([0-9]{2}).([0-9]{2}))(.*)\"( *)<(.*)>( *):$/m,
  /^[0-9]{2}:[0-9]{2}(.*)[0-9]{4}(.*)\"( *)<(.*)>( *):$/,
  /^(.*)[0-9]{4}(.*)from(.*)<(.*)>:$/,
  /^-{1,12} ?(O|o)riginal (M|m)essage ?-{1,12}$/i,
  /^-{1,12} ?(O|o)prindelig (B|b)esked ?-{1,12}$/i,
  /^-{1,12} ?(M|m)essage d\'origine ?-{1,12}$/i,
  /^-{1,12} ?(U|u)rsprüngliche (N|n)achricht ?-{0,12}$/i,
];

const SIGNATURES: readonly RegExp[] = [
  /^\s*-{2,4}$/,
  /^\s*_{2,4}$/,
  /^-- $/,
  /^\+{2,4}$/,
  /^\={2,4}$/,
  /^________________________________$/,
  /^Sent from (?:\s*.+)$/,
  /^Get Outlook for (?:\s*.+).*/m,
  /^Cheers,?!?$/im,
  /^Best wishes,?!?$/im,
  /^\w{0,20}\s?(\sand\s)?Regards,?!?！?$/im,
  /^Von (?:\s*.+) gesendet$/,
  /^Gesendet von (?:\s*.+) für (?:\s*.+)$/,
  /^Sendt fra (?:\s*.+)$/,
  /^Envoyé depuis (?:\s*.+)$/,
  /^Envoyé de mon (?:\s*.+)$/,
  /^Envoyé à partir de (?:\s*.+)$/,
  /^Télécharger Outlook pour (?:\s*.+).*/m,
  /^Bien . vous,?!?$/im,
  /^\w{0,20}\s?cordialement,?!?$/im,
  /^Bonne (journ.e|soir.e)!?$/im,
  /^Enviado desde (?:\s*.+)$/,
  /^-*\s*(In\sdata\s.+\s.+\n?scritto:{0,1})\s{0,1}-*$/m,
  /^Verzonden vanaf (?:\s*.+)$/,
  /^Verstuurd vanaf (?:\s*.+)$/,
];
/* eslint-enable no-useless-escape, no-irregular-whitespace */

const anyMatches = (patterns: readonly RegExp[], line: string) => {
  for (const pattern of patterns) if (pattern.test(line)) return true;
  return false;
};
const isQuoteHeader = (line: string) => anyMatches(QUOTE_HEADERS, line);
const isSignature = (line: string) => anyMatches(SIGNATURES, line);

/** A run of lines read bottom up: `lines` holds them from the lowest up, each as written. */
interface Fragment {
  lines: string[];
  hidden: boolean;
  signature: boolean;
  quoted: boolean;
}

/** The library's `fixBrokenSignatures`: a quote header wrapped over lines is joined into one. */
function joinWrappedHeaders(text: string): string {
  let joined = text;
  for (const pattern of QUOTE_HEADERS) {
    const group = joined.match(pattern)?.[1];
    // As the library does: the first occurrence of the group's text, `$` patterns and all.
    if (group !== undefined) joined = joined.replace(group, group.replace(/\n/g, ' '));
  }
  return joined;
}

/** The text of a reply without its quoted part and signature, as email-reply-parser gives it. */
export function replyText(body: string): string {
  const text = joinWrappedHeaders(body.replace(/\r\n/g, '\n'));
  const fragments: Fragment[] = [];
  const add = (fragment: Fragment) => {
    if (fragment.quoted || fragment.signature || fragment.lines.join('') === '') fragment.hidden = true;
    fragments.push(fragment);
  };
  const lines = text.split('\n');
  let fragment: Fragment | null = null;
  /** Whether the line last added to `fragment` is a signature line. */
  let lastIsSignature = false;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const written = lines[index]!;
    // The library trims the start of each reversed line (the end of the line as written) unless
    // it is a signature line. The whitespace `\s` matches is the whitespace `trimEnd` removes.
    const signature = isSignature(written);
    const line = signature ? written : written.trimEnd();
    if (fragment) {
      const last = fragment.lines[fragment.lines.length - 1]!;
      if (lastIsSignature) {
        fragment.signature = true;
        add(fragment);
        fragment = null;
      } else if (line === '' && isQuoteHeader(last)) {
        fragment.quoted = true;
        add(fragment);
        fragment = null;
      }
    }
    // The library's `/(>+)$/` on the reversed line.
    const quoted = line.startsWith('>');
    if (
      fragment === null ||
      !(fragment.quoted === quoted || (fragment.quoted && (isQuoteHeader(line) || line === '')))
    ) {
      if (fragment !== null) add(fragment);
      fragment = { lines: [], hidden: false, signature: false, quoted };
    }
    fragment.lines.push(line);
    // The library tests the line again as the next one's `last`: a trimmed line may differ.
    lastIsSignature = signature || (line !== written && isSignature(line));
  }
  if (fragment !== null) add(fragment);
  return fragments
    .reverse()
    .filter((part) => !part.hidden)
    .map((part) => part.lines.reverse().join('\n').replace(/^\n/, ''))
    .join('\n')
    .replace(/~*$/, '');
}

/** The library's pattern lists, for the test that checks they are copied unchanged. */
export const REPLY_PATTERNS = { quoteHeaders: QUOTE_HEADERS, signatures: SIGNATURES };
