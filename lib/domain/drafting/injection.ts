/**
 * Text in an email that speaks to an AI rather than to the rep: "ignore your instructions",
 * "AI assistant:", "system prompt". Such a message is never obeyed (the prompt says so), and what
 * it carries (its links above all) is what an attacker wants a draft to repeat, so the rep is told.
 */
const INSTRUCTION_LIKE = new RegExp(
  [
    String.raw`\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:(?:the|your|my|previous|prior|above|earlier|preceding)\s+)*(?:instructions?|prompts?|rules|directions|guidelines)\b`,
    // "AI assistant: …", "ChatGPT, …"; a bare "assistant," is a person ("Our assistant, Jo, …").
    String.raw`\b(?:ai|llm|gpt|chatgpt|language model|copilot|bot)(?:\s+assistant)?\s*[:,]\s*\p{L}|\bassistant\s*:\s*\p{L}`,
    String.raw`\b(?:as an ai|you are an? (?:ai|assistant|language model)|system prompt|new instructions|developer mode|jailbreak)\b`,
    String.raw`\b(?:note|message|instruction)s? (?:to|for) (?:the )?(?:ai|assistant|model|llm|bot)\b`,
    String.raw`\b(?:tell|instruct|ask) (?:the )?(?:rep|sender|user)\b.*\bto\b`,
  ].join('|'),
  'iu',
);

export function isInstructionLike(text: string): boolean {
  return INSTRUCTION_LIKE.test(text);
}

/** The sentence of `text` that reads as an instruction to an AI, shortened for a warning. */
export function instructionIn(text: string): string | null {
  const match = INSTRUCTION_LIKE.exec(text);
  if (!match) return null;
  const sentenceEnd = text.lastIndexOf('. ', match.index);
  const start = Math.max(text.lastIndexOf('\n', match.index) + 1, sentenceEnd === -1 ? 0 : sentenceEnd + 2);
  const line = text.slice(start).split('\n')[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
